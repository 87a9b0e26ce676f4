package com.slaledger.api;

/** What a proposal on an active contract would do to its clause once the other party agrees. */
public enum ChangeKind {
    ADD_CLAUSE,
    ADD_OPEN_CLAUSE,
    REOPEN,
    FILL_IN,
    AMEND;

    /** Whether the clause is open once this change takes effect. */
    public boolean leavesClauseOpen() {
        return this == ADD_OPEN_CLAUSE || this == REOPEN;
    }
}
