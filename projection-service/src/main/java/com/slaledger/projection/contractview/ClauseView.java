package com.slaledger.projection.contractview;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One clause: {@code OPEN} (left open on purpose: heading, intent, review-by date), {@code AGREED}
 * (text, optional service level and credit %) or {@code PROPOSED} (a new clause waiting for the
 * other party). {@code pending} is the clause's one pending proposal, if any. {@code overdue} is
 * only set on read, for the day asked about.
 */
public record ClauseView(
        String clauseId,
        String heading,
        String category,
        ClauseState state,
        String text,
        String intent,
        LocalDate reviewBy,
        boolean reviewDue,
        Boolean overdue,
        ServiceLevel serviceLevel,
        BigDecimal creditPercent,
        Proposal pending,
        String enteredVersion,
        Instant openedAt,
        Instant filledInAt) {

    public enum ClauseState {
        OPEN,
        AGREED,
        PROPOSED
    }

    /** A change one party proposed and the other has not yet agreed to or rejected. */
    public record Proposal(
            ChangeKind kind,
            Party proposedBy,
            Instant proposedAt,
            String heading,
            String text,
            String intent,
            LocalDate reviewBy,
            ServiceLevel serviceLevel,
            BigDecimal creditPercent,
            String reason) {}

    public boolean isOpen() {
        return state == ClauseState.OPEN;
    }

    ClauseView withOverdue(LocalDate today) {
        boolean late = isOpen() && reviewBy != null && reviewBy.isBefore(today);
        return new ClauseView(
                clauseId,
                heading,
                category,
                state,
                text,
                intent,
                reviewBy,
                reviewDue,
                isOpen() ? late : null,
                serviceLevel,
                creditPercent,
                pending,
                enteredVersion,
                openedAt,
                filledInAt);
    }
}
