package com.slaledger.contract;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import java.time.LocalDate;

/** What the aggregate needs to know of one clause to decide on commands. */
record ClauseState(
        ClauseId clauseId,
        String heading,
        String category,
        boolean open,
        LocalDate reviewBy,
        boolean reviewDue,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent) {

    static ClauseState agreed(
            ClauseId id, String heading, String category, ServiceLevel level, BigDecimal creditPercent) {
        return new ClauseState(id, heading, category, false, null, false, level, creditPercent);
    }

    static ClauseState open(ClauseId id, String heading, String category, LocalDate reviewBy) {
        return new ClauseState(id, heading, category, true, reviewBy, false, null, null);
    }

    ClauseState filledIn(ServiceLevel level, BigDecimal credit) {
        return new ClauseState(clauseId, heading, category, false, null, false, level, credit);
    }

    ClauseState reopened(String newHeading, String newCategory, LocalDate newReviewBy) {
        return new ClauseState(
                clauseId,
                orKeep(newHeading, heading),
                orKeep(newCategory, category),
                true,
                newReviewBy,
                false,
                null,
                null);
    }

    ClauseState markedReviewDue() {
        return new ClauseState(clauseId, heading, category, open, reviewBy, true, serviceLevel, creditPercent);
    }

    boolean earnsCredits() {
        return !open && creditPercent != null && creditPercent.signum() > 0;
    }

    private static String orKeep(String candidate, String current) {
        return candidate == null ? current : candidate;
    }
}
