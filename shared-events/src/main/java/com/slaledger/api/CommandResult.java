package com.slaledger.api;

import java.time.Instant;

/**
 * The one answer to one command, on the reply topic and over HTTP. {@code sequence} is the
 * contract's sequence after the command: the number to send back as {@code expectedVersion}.
 */
public record CommandResult(
        String commandId,
        String contractId,
        String type,
        Status status,
        RejectionCode code,
        String message,
        boolean duplicate,
        Long sequence,
        String contractVersion,
        Instant processedAt) {

    public enum Status {
        ACCEPTED,
        REJECTED
    }

    public static CommandResult accepted(
            String commandId, String contractId, String type, long sequence, String version, Instant at) {
        return new CommandResult(
                commandId, contractId, type, Status.ACCEPTED, null, null, false, sequence, version, at);
    }

    public static CommandResult rejected(
            String commandId,
            String contractId,
            String type,
            RejectionCode code,
            String message,
            Long sequence,
            String version,
            Instant at) {
        return new CommandResult(
                commandId, contractId, type, Status.REJECTED, code, message, false, sequence, version, at);
    }

    public CommandResult asDuplicate() {
        return new CommandResult(
                commandId, contractId, type, status, code, message, true, sequence, contractVersion, processedAt);
    }
}
