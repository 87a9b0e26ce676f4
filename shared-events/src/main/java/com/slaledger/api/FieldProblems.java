package com.slaledger.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a command's fields, so one rejection can name every offending field.
 * Commands list their own checks; the intake and the aggregate both ask them.
 */
public final class FieldProblems {

    private final List<String> problems = new ArrayList<>();

    public static FieldProblems check() {
        return new FieldProblems();
    }

    public FieldProblems required(String field, Object value) {
        if (value == null) {
            problems.add(field + " is required");
        }
        return this;
    }

    /** Required free text: clause text, intents, reasons. Line feeds and tabs are allowed. */
    public FieldProblems text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else {
            add(field, InputLimits.textProblem(value, maxLength, true));
        }
        return this;
    }

    public FieldProblems optionalText(String field, String value, int maxLength) {
        if (value != null) {
            add(field, InputLimits.textProblem(value, maxLength, true));
        }
        return this;
    }

    /** Required single-line text: names, titles, headings. No control characters at all. */
    public FieldProblems line(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else {
            add(field, InputLimits.textProblem(value, maxLength, false));
        }
        return this;
    }

    public FieldProblems optionalLine(String field, String value, int maxLength) {
        if (value != null) {
            add(field, InputLimits.textProblem(value, maxLength, false));
        }
        return this;
    }

    /** A party id: the same shape as every other id of the published language. */
    public FieldProblems id(String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else {
            add(field, InputLimits.idProblem(value));
        }
        return this;
    }

    /**
     * An amount in a currency that fees are paid in, to its minor unit: at most 2 decimals in EUR,
     * none in JPY, 3 in BHD. A code without a minor unit (funds, metals, test and no-currency codes
     * such as XAU or XXX) is refused.
     */
    public FieldProblems money(String field, Money value, boolean required) {
        if (value == null) {
            return required ? required(field, null) : this;
        }
        String code = value.currency().getCurrencyCode();
        int minorUnit = value.currency().getDefaultFractionDigits();
        if (minorUnit < 0) {
            problems.add(
                    field + ".currency " + code
                            + " has no minor unit: it is not a currency a fee is paid in (a fund, metal, test or no-currency code)");
            return this;
        }
        if (Decimals.plain(value.amount()).scale() > minorUnit) {
            problems.add(field + ".amount has more decimal places than " + code + " has (" + minorUnit + ")");
        } else {
            add(field + ".amount", InputLimits.decimalProblem(value.amount(), minorUnit));
        }
        if (value.amount().signum() < 0) {
            problems.add(field + ".amount must not be negative");
        }
        return this;
    }

    public FieldProblems date(String field, LocalDate value, boolean required) {
        if (value == null) {
            return required ? required(field, null) : this;
        }
        add(field, InputLimits.dateProblem(value));
        return this;
    }

    public FieldProblems instant(String field, Instant value, boolean required) {
        if (value == null) {
            return required ? required(field, null) : this;
        }
        add(field, InputLimits.instantProblem(value));
        return this;
    }

    /**
     * A measured value or a target in its unit: at most four decimals and fifteen digits, not
     * negative (no time, count or share is), and at most 100 in {@code PERCENT}. The one rule for a
     * service level's target, a breach's measurement and a what-if's target.
     */
    public FieldProblems measure(String field, BigDecimal value, ServiceLevel.Unit unit) {
        if (value == null) {
            return this;
        }
        String shape = InputLimits.decimalProblem(value, InputLimits.MEASURE_DECIMALS);
        if (shape != null) {
            add(field, shape);
        } else if (value.signum() < 0) {
            problems.add(field + " must not be negative");
        } else if (unit == ServiceLevel.Unit.PERCENT && value.compareTo(BigDecimal.valueOf(100)) > 0) {
            problems.add(field + " must be at most 100 PERCENT");
        }
        return this;
    }

    public FieldProblems percent(String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(field + " is required");
            }
            return this;
        }
        String shape = InputLimits.decimalProblem(value, InputLimits.PERCENT_DECIMALS);
        if (shape != null) {
            add(field, shape);
        } else if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            problems.add(field + " must be between 0 and 100");
        }
        return this;
    }

    public FieldProblems serviceLevel(String field, ServiceLevel level) {
        if (level != null) {
            required(field + ".metric", level.metric());
            required(field + ".target", level.target());
            required(field + ".unit", level.unit());
            required(field + ".window", level.window());
            measure(field + ".target", level.target(), level.unit());
        }
        return this;
    }

    public FieldProblems that(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
        return this;
    }

    private void add(String field, String problem) {
        if (problem != null) {
            problems.add(field + " " + problem);
        }
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws an {@link RejectionCode#INVALID} rejection naming every problem, if there is any. */
    public void orReject() {
        if (!problems.isEmpty()) {
            throw new CommandRejectedException(RejectionCode.INVALID, String.join("; ", problems));
        }
    }
}
