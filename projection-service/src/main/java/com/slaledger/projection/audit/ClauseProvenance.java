package com.slaledger.projection.audit;

import com.slaledger.api.Actor;
import com.slaledger.api.Measurement;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How one clause came to be, in order: drafted or left open (with intent and review-by date), the
 * breaches observed while it was open, each proposal and rejection, the agreement, and the version
 * each step entered.
 */
public record ClauseProvenance(String contractId, String clauseId, String heading, String state, List<Step> steps) {

    public enum Kind {
        DRAFTED,
        LEFT_OPEN,
        FILLED_IN,
        AMENDED,
        EXPERIENCE,
        BREACH,
        PROPOSED,
        REJECTED,
        AGREED,
        REVIEW_DUE
    }

    /** One step; fields that do not apply to its kind are null. */
    public record Step(
            long sequence,
            Kind kind,
            Instant at,
            Actor by,
            String change,
            String text,
            String intent,
            LocalDate reviewBy,
            ServiceLevel serviceLevel,
            BigDecimal creditPercent,
            String breachId,
            Instant occurredAt,
            Measurement measured,
            String reason,
            String enteredVersion) {}
}
