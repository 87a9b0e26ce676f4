package com.slaledger.intake;

import com.slaledger.api.json.Wording;
import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What a sender is told when a payload field's JSON does not bind: the field's path, what it must
 * be, and what it was, in the published language's terms rather than Jackson's and Java's (a
 * sender knows {@code "a date such as 2026-12-01"}, not {@code java.time.LocalDate}).
 */
final class WrongType {

    private WrongType() {}

    /**
     * The problem with {@code value}, the field {@code name} of a payload, or null when the failure
     * is not about a value's type or form (the caller then says what Jackson said).
     */
    static String of(String name, JsonNode value, JacksonException failure) {
        if (failure instanceof InputCoercionException tooLarge
                && Wording.wholeNumberWithin(tooLarge.getTargetType()) != null) {
            return name + " must be " + Wording.wholeNumberWithin(tooLarge.getTargetType()) + ", not "
                    + described(value);
        }
        if (!(failure instanceof MismatchedInputException mismatch)) {
            return null;
        }
        String expected = expected(mismatch.getTargetType());
        if (expected == null) {
            return null;
        }
        StringBuilder field = new StringBuilder(name);
        JsonNode offending = value;
        for (JacksonException.Reference step : mismatch.getPath()) {
            if (step.getPropertyName() != null) {
                field.append('.').append(Wording.echo(step.getPropertyName()));
                offending = offending == null ? null : offending.get(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
                offending = offending == null ? null : offending.get(step.getIndex());
            }
        }
        return field + " must be " + expected + (offending == null ? "" : ", not " + described(offending));
    }

    /** {@link Wording#expected}, with JSON's second way of writing a decimal: as text. */
    private static String expected(Class<?> type) {
        return type == BigDecimal.class ? "a number, such as 12.5 or \"12.50\"" : Wording.expected(type);
    }

    private static String described(JsonNode value) {
        if (value.isString()) {
            return "\"" + Wording.echo(value.stringValue()) + "\"";
        }
        if (value.isNumber() || value.isBoolean()) {
            return Wording.echo(value.toString());
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        return "null";
    }
}
