package com.slaledger.intake;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.contract.Issuance;

/** What reading one record gave: a command ready for the aggregate, or a refusal to answer. */
public sealed interface Reading {

    /** A well-formed, valid command with its issuance metadata. */
    record Parsed(String type, ContractCommand command, Issuance issuance) implements Reading {}

    /**
     * A record refused before it reached the aggregate. {@code commandId} is null when none could be
     * read: then nobody can be answered and the record only goes to the dead-letter topic.
     */
    record Refused(
            String commandId, String contractId, String type, RejectionCode code, String message, boolean deadLetter)
            implements Reading {}
}
