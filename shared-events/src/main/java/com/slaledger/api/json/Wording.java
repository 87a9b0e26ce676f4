package com.slaledger.api.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a refusal words a value, for a command's field and for a query's parameter alike: what a
 * value of a type must be in the published language's terms (a sender knows "a date such as
 * 2026-12-01", not {@code java.time.LocalDate}), and the sender's own input repeated as short,
 * printable text.
 */
public final class Wording {

    /** How much of a sender's input a message repeats. */
    private static final int ECHO_LENGTH = 64;

    /**
     * Characters a message never repeats beside control characters: halves of surrogate pairs, and
     * the format characters and separators that would reorder or break the line it is shown in
     * (ADR 0025).
     */
    private static final Set<Integer> SHOWN_AS_QUESTION_MARK =
            Set.of((int) Character.SURROGATE, (int) Character.FORMAT, (int) Character.LINE_SEPARATOR, (int)
                    Character.PARAGRAPH_SEPARATOR);

    private Wording() {}

    /**
     * What a value of {@code type} must be, such as "a whole number" or "one of DAY, MONTH"; null for
     * a type the published language has no words for (the caller then says less).
     */
    public static String expected(Class<?> type) {
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
        if (type == BigDecimal.class || type == Double.class || type == double.class) {
            return "a number, such as 12.5";
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

    /**
     * What a whole number of {@code type} must be when a value is too large for it, such as "a whole
     * number from -2147483648 to 2147483647"; null for a type that is not a whole number. One wording
     * for a command's field and a query's parameter alike.
     */
    public static String wholeNumberWithin(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return null;
    }

    /** What a message may repeat of a sender's input: at most {@link #ECHO_LENGTH} characters, printable. */
    public static String echo(String text) {
        return echo(text, ECHO_LENGTH);
    }

    /**
     * {@code text} cut to {@code maxLength} characters (then "..."), with every control, format or
     * separator character and every half of a surrogate pair shown as {@code ?}; "" for null.
     */
    public static String echo(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > maxLength ? text.substring(0, maxLength) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints()
                .forEach(c -> out.appendCodePoint(
                        Character.isISOControl(c) || SHOWN_AS_QUESTION_MARK.contains(Character.getType(c)) ? '?' : c));
        return out.toString();
    }
}
