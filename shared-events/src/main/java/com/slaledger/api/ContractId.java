package com.slaledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** Identifies one contract: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}. */
public record ContractId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ContractId {
        if (value == null || !isWellFormed(value)) {
            throw new IllegalArgumentException("contractId must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
    }

    @JsonCreator
    public static ContractId of(String value) {
        return new ContractId(value);
    }

    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
