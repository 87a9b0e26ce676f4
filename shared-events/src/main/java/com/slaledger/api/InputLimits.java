package com.slaledger.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The one input boundary of the published language: what a text, an id, a decimal and a date may
 * be. Commands check their fields through {@link FieldProblems}, which asks here; the intake asks
 * here for the envelope's own fields. Each check answers {@code null} when the value is fine, or
 * a short reason that the caller prefixes with the field's name. No check ever renders a value it
 * refuses, so a hostile number such as {@code 1E-999999999} costs nothing to refuse.
 */
public final class InputLimits {

    /** Ids of parties, clauses and contracts: letters, digits and {@code . _ -}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Ids of breaches: as {@link #ID}, and {@code :}. */
    public static final Pattern BREACH_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /**
     * Idempotency keys from senders. {@code /} is not allowed: the service's own commands use it
     * ({@code sla-ledger/review-due/...}), so no sender can claim one of their keys in advance.
     */
    public static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    public static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2199, 12, 31);

    public static final int PERCENT_DECIMALS = 4;
    public static final int MEASURE_DECIMALS = 4;
    public static final int MAX_DIGITS = 15;

    private InputLimits() {}

    /**
     * A single line of text (names, headings): no control character at all, no line separator, no
     * bidirectional embedding, override or isolate, no lone surrogate. Free text (clause text,
     * intents, reasons) may also hold {@code \n} and {@code \t}.
     */
    public static String textProblem(String value, int maxLength, boolean freeText) {
        if (value.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        int loneSurrogate = loneSurrogateAt(value);
        if (loneSurrogate >= 0) {
            return "has a lone surrogate at position " + loneSurrogate;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(freeText && (c == '\n' || c == '\t'))) {
                return "has a control character (U+%04X) at position %d".formatted((int) c, i)
                        + (freeText ? "; only line feeds and tabs are allowed" : "");
            }
            if (isLineSeparator(c)) {
                return "has a line separator (U+%04X) at position %d".formatted((int) c, i)
                        + (freeText ? "; only line feeds and tabs are allowed" : "");
            }
            if (isDirectionControl(c)) {
                return ("has a bidirectional control character (U+%04X) at position %d; it would make the"
                                + " text read differently from how it is stored")
                        .formatted((int) c, i);
            }
        }
        return null;
    }

    /**
     * Where a text holds half of a surrogate pair on its own, or -1. UTF-8 cannot carry one: Java
     * encodes it as {@code ?}, so such a text would hash like another.
     */
    public static int loneSurrogateAt(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public static String idProblem(String value) {
        return isId(value) ? null : "must be 1 to 64 characters of A-Z a-z 0-9 . _ -";
    }

    // The patterns above define the ids; these checks match them without a Matcher per call. Every
    // event read makes a contract id and most a clause or breach id, and the matchers were a
    // twentieth of the rebuild's allocations (ADR 0009). InputLimitsPropertyTest holds each check to
    // its pattern.

    /** Whether {@code value} matches {@link #ID}. */
    public static boolean isId(String value) {
        return isMadeOf(value, 64, "._-");
    }

    /** Whether {@code value} matches {@link #BREACH_ID}. */
    public static boolean isBreachId(String value) {
        return isMadeOf(value, 64, "._:-");
    }

    /** Whether {@code value} matches {@link #COMMAND_ID}. */
    public static boolean isSenderCommandId(String value) {
        return isMadeOf(value, 128, "._:@-");
    }

    /** 1 to {@code max} characters of A-Z, a-z, 0-9 and {@code others}. */
    private static boolean isMadeOf(String value, int max, String others) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || others.indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * A decimal with at most {@code maxDecimals} places and {@link #MAX_DIGITS} digits in all.
     * Looks only at precision and scale, never at the digits themselves.
     */
    public static String decimalProblem(BigDecimal value, int maxDecimals) {
        BigDecimal plain = Decimals.plain(value);
        if (plain.scale() > maxDecimals) {
            return "has more than " + maxDecimals + " decimal places";
        }
        if (plain.scale() < 0 || plain.precision() > MAX_DIGITS) {
            return "has more than " + MAX_DIGITS + " digits";
        }
        return null;
    }

    public static String dateProblem(LocalDate value) {
        return value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE)
                ? "must lie between " + EARLIEST_DATE + " and " + LATEST_DATE
                : null;
    }

    public static String instantProblem(Instant value) {
        return value.isBefore(EARLIEST_DATE.atStartOfDay().toInstant(ZoneOffset.UTC))
                        || value.isAfter(LATEST_DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                ? "must lie between " + EARLIEST_DATE + " and " + LATEST_DATE
                : null;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** U+2028 and U+2029 break a line as a line feed does, where only a line feed may. */
    private static boolean isLineSeparator(char c) {
        return c == '\u2028' || c == '\u2029';
    }

    /**
     * The embeddings, overrides and isolates of Unicode's bidirectional algorithm (U+202A to U+202E,
     * U+2066 to U+2069): they reorder how the text around them is shown, so a name or clause on an
     * auditor's page could read otherwise than the record it is hashed from. The marks U+200E and
     * U+200F, which right-to-left text uses, stay allowed.
     */
    private static boolean isDirectionControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
