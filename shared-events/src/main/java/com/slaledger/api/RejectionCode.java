package com.slaledger.api;

/**
 * The stable, machine-readable reasons a command is refused. Integration systems switch on these
 * names, so a name never changes meaning and is never removed. The HTTP status is the one place
 * codes map to HTTP; Kafka results carry the name itself.
 */
public enum RejectionCode {
    // Envelope and input
    COMMAND_ID_REUSED(422, "The commandId was already used for another contract, type, payload or party."),
    MALFORMED(400, "The record is not a readable command envelope."),
    UNKNOWN_COMMAND(400, "The command type is not known."),
    INVALID(400, "One or more fields are missing, of the wrong type or out of range."),
    TOO_LARGE(413, "The record is larger than the configured limit."),
    NOT_FOUND(404, "The contract does not exist."),
    VERSION_NOT_FOUND(404, "The contract has no version with this number."),
    CONFLICT(409, "The expected version does not match the contract's current sequence."),
    NOT_ALLOWED(403, "The caller or issuer may not do this."),
    UNAUTHENTICATED(401, "A valid bearer token is required."),
    TOO_MANY_SUBSCRIBERS(429, "This contract has as many live subscribers as allowed; try again later."),
    TOO_MANY_STREAMS(429, "The caller has as many live streams open as allowed; close one or try again later."),
    SUBSCRIBERS_FULL(503, "The service has as many live subscribers as allowed; try again later."),
    UNAVAILABLE(503, "A service this answer depends on did not answer; try again later."),
    VIEW_BEHIND(504, "The projection has not shown the contract at the asked sequence yet; ask again."),
    TOO_MANY_WAITING(503, "The service has as many reads waiting for a sequence as allowed; try again later."),
    INTERNAL_ERROR(
            500, "The service could not process the request; it may be retried (a command with the same commandId)."),

    // HTTP requests refused before any endpoint reads them (never on a Kafka result)
    UNREADABLE_REQUEST(400, "The HTTP request's path, query or headers could not be read."),
    NO_SUCH_PATH(404, "No resource answers at this path."),
    METHOD_NOT_ALLOWED(405, "This path does not answer this HTTP method."),
    NOT_ACCEPTABLE(406, "The answer cannot be given in a media type the request accepts."),
    UNSUPPORTED_MEDIA_TYPE(415, "The request body's media type is not accepted here."),

    // Operators' requests (never on a Kafka result)
    NOT_PARKED(409, "The contract is not parked for good, so there is nothing to retry."),
    STILL_PARKED(409, "The contract's waiting events still cannot be applied; it stays parked."),

    // Lifecycle
    CONTRACT_EXISTS(409, "A contract with this id already exists."),
    CONTRACT_TERMINATED(409, "The contract is terminated and accepts nothing more."),
    CONTRACT_NOT_ACTIVE(409, "The contract is not active yet: both parties must sign first."),
    ALREADY_SIGNED(409, "This party has already signed."),
    SIGNING_IN_PROGRESS(409, "One party has signed; clauses cannot change until the contract is active."),
    NO_CLAUSES(409, "A contract needs at least one clause before it can be signed."),

    // Clauses and proposals
    CLAUSE_EXISTS(409, "A clause with this id already exists."),
    CLAUSE_NOT_FOUND(404, "The contract has no clause with this id."),
    CLAUSE_NOT_OPEN(409, "The clause is not open, so it cannot be filled in."),
    CLAUSE_ALREADY_OPEN(409, "The clause is already open."),
    CLAUSE_IS_OPEN(409, "The clause is open: fill it in instead of amending it."),
    PROPOSAL_PENDING(409, "The clause already has a pending proposal."),
    NO_PENDING_PROPOSAL(409, "The clause has no pending proposal."),
    OWN_PROPOSAL(403, "A party cannot agree to its own proposal."),
    NO_CHANGE(409, "The amendment leaves the clause as it is."),

    // Breaches and credits
    BREACH_EXISTS(409, "A breach with this id was already recorded."),
    BREACH_NOT_FOUND(404, "The contract has no breach with this id."),
    BREACH_OUT_OF_TERM(422, "The breach did not occur within the contract's term."),
    BREACH_IN_FUTURE(422, "The breach cannot have occurred after it was recorded."),
    CLAUSE_NOT_IN_FORCE(422, "The clause was not in force when the breach occurred."),
    UNIT_MISMATCH(422, "The measured value is not in the unit of the clause's service level."),
    LEVEL_MET(422, "The measured value meets the clause's service level, so it is no breach."),
    NO_CREDIT(409, "The breach has no credit to waive."),
    CREDIT_ALREADY_WAIVED(409, "The credit was already waived."),
    ALREADY_DISPUTED(409, "The breach is already disputed or settled."),
    NOT_DISPUTED(409, "The breach is not under dispute."),
    BREACH_WITHDRAWN(409, "The breach was withdrawn."),
    CLIENT_ONLY(403, "Only the client may do this."),
    SUPPLIER_ONLY(403, "Only the supplier may do this."),

    // Satisfaction and reviews
    PERIOD_ALREADY_RATED(409, "Satisfaction for this period was already recorded."),
    PERIOD_OUT_OF_TERM(422, "The period lies outside the contract's term."),
    PERIOD_IN_FUTURE(422, "A period cannot be rated before it has begun."),
    REVIEW_BY_AFTER_TERM(422, "The review-by date lies after the contract's term."),
    REVIEW_NOT_DUE(409, "The clause's review-by date has not passed, or it is no longer open."),

    // Termination
    TERMINATION_BEFORE_START(422, "An active contract cannot end before its term starts."),
    TERMINATION_AFTER_END(422, "An active contract cannot end after its term ends."),
    TERMINATION_IN_FUTURE(422, "A termination is recorded once its date has come: until then the contract runs.");

    private final int httpStatus;
    private final String meaning;

    RejectionCode(int httpStatus, String meaning) {
        this.httpStatus = httpStatus;
        this.meaning = meaning;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String meaning() {
        return meaning;
    }
}
