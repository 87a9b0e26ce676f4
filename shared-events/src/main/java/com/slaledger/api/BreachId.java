package com.slaledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** Identifies a breach within its contract; chosen by the sender so that a retry names the same breach. */
public record BreachId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public BreachId {
        if (value == null || !SHAPE.matcher(value).matches()) {
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
