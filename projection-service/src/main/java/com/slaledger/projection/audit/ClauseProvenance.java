package com.slaledger.projection.audit;

import com.slaledger.api.Actor;
import com.slaledger.api.Measurement;
import com.slaledger.api.view.ClauseView.Wording;
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

    /**
     * One step; what does not apply to its kind is null. {@code wording} is what the step wrote or
     * proposed (heading, category, text or intent, level, credit), {@code breach} what was observed.
     * {@code at} is when the service stored the step, never the sender's claimed time.
     */
    public record Step(
            long sequence,
            Kind kind,
            Instant at,
            Actor by,
            String change,
            Wording wording,
            LocalDate reviewBy,
            Breach breach,
            String reason,
            String enteredVersion) {}

    /** A breach of the clause: recorded as experience while it was open, or against its agreed level. */
    public record Breach(String breachId, Instant occurredAt, Measurement measured, String description) {}
}
