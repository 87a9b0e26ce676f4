package com.slaledger.intake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.stream.Collectors;
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
        if (failure instanceof InputCoercionException tooLarge && expected(tooLarge.getTargetType()) != null) {
            return name + " must be " + expected(tooLarge.getTargetType()) + " of a size the field can hold, not "
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
                field.append('.').append(EnvelopeReader.echo(step.getPropertyName()));
                offending = offending == null ? null : offending.get(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
                offending = offending == null ? null : offending.get(step.getIndex());
            }
        }
        return field + " must be " + expected + (offending == null ? "" : ", not " + described(offending));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-12-01";
        }
        if (type == Instant.class) {
            return "an instant such as 2026-11-27T09:15:00Z";
        }
        if (type == YearMonth.class) {
            return "a month such as 2026-11";
        }
        if (type == Currency.class) {
            return "an ISO 4217 currency code such as EUR";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant).name())
                            .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class) {
            return "a number, such as 12.5 or \"12.50\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isRecord()) {
            return "an object";
        }
        return null;
    }

    private static String described(JsonNode value) {
        if (value.isString()) {
            return "\"" + EnvelopeReader.echo(value.stringValue()) + "\"";
        }
        if (value.isNumber() || value.isBoolean()) {
            return EnvelopeReader.echo(value.toString());
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
