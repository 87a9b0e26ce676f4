package com.slaledger.contract;

public enum ContractStatus {
    DRAFT,
    ACTIVE,
    TERMINATED
}
