package com.slaledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identifies a breach within its contract; chosen by the sender so that a retry names the same breach. */
public record BreachId(String value) {

    public BreachId {
        if (!InputLimits.isBreachId(value)) {
            throw new IllegalArgumentException("breachId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    @JsonCreator
    public static BreachId of(String value) {
        return new BreachId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
