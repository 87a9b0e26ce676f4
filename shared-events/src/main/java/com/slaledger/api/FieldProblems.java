package com.slaledger.api;

import java.math.BigDecimal;
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

    public FieldProblems text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else if (value.length() > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
        }
        return this;
    }

    public FieldProblems optionalText(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
        }
        return this;
    }

    public FieldProblems percent(String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(field + " is required");
            }
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
            if (level.target() != null && level.target().signum() < 0) {
                problems.add(field + ".target must not be negative");
            }
        }
        return this;
    }

    public FieldProblems that(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
        return this;
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
