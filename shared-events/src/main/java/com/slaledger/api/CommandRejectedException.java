package com.slaledger.api;

/** A command was refused for a reason the sender can act on. Carries a stable {@link RejectionCode}. */
public class CommandRejectedException extends RuntimeException {

    private final RejectionCode code;

    public CommandRejectedException(RejectionCode code, String message) {
        super(message);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
