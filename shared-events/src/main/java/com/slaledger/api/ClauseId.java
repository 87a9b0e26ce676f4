package com.slaledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identifies a clause within its contract, for example {@code response-time}. */
public record ClauseId(String value) {

    public ClauseId {
        if (!InputLimits.isId(value)) {
            throw new IllegalArgumentException("clauseId must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
    }

    @JsonCreator
    public static ClauseId of(String value) {
        return new ClauseId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
