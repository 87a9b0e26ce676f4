package com.slaledger.api;

/** How a disputed breach ends: the breach stands, or it is withdrawn together with its credit. */
public enum SettlementOutcome {
    UPHELD,
    WITHDRAWN
}
