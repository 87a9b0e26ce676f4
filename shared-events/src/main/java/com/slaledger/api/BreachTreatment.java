package com.slaledger.api;

/** What a recorded breach means for money. */
public enum BreachTreatment {
    /** An agreed clause with a credit percentage: a service credit accrued (possibly capped to zero). */
    CREDITED,
    /** An open clause: no credit, but evidence for filling the clause in. */
    EXPERIENCE,
    /** An agreed clause without a credit percentage: recorded, no credit. */
    NOT_CREDITED
}
