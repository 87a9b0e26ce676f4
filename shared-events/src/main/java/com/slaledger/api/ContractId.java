package com.slaledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identifies one contract: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}. */
public record ContractId(String value) {

    public ContractId {
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("contractId must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
    }

    @JsonCreator
    public static ContractId of(String value) {
        return new ContractId(value);
    }

    public static boolean isWellFormed(String value) {
        return InputLimits.isId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
