package com.slaledger.api;

/** A command was refused for a reason the sender can act on. Carries a stable {@link RejectionCode}. */
public class CommandRejectedException extends RuntimeException {

    private final RejectionCode code;
    private final boolean remembered;

    public CommandRejectedException(RejectionCode code, String message) {
        this(code, message, true);
    }

    protected CommandRejectedException(RejectionCode code, String message, boolean remembered) {
        super(message);
        this.code = code;
        this.remembered = remembered;
    }

    /**
     * A refusal of the caller rather than of the command: answered, and not stored as the answer to
     * the command's id, which it must neither occupy nor let anyone else hear (a caller outside a
     * contract's parties; a resend whose id belongs to another command or party).
     */
    public static CommandRejectedException ofCaller(RejectionCode code, String message) {
        return new CommandRejectedException(code, message, false);
    }

    public RejectionCode code() {
        return code;
    }

    /** Whether the refusal is stored as the answer to the command's id; false for {@link #ofCaller}. */
    public boolean remembered() {
        return remembered;
    }
}
