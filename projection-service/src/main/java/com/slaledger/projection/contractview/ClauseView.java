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

    // How a clause comes to be and changes: the fold (ContractFold) speaks in these steps.

    static ClauseView agreed(
            String id,
            String heading,
            String category,
            String text,
            ServiceLevel level,
            BigDecimal creditPercent,
            String enteredVersion) {
        return new ClauseView(
                id,
                heading,
                category,
                ClauseState.AGREED,
                text,
                null,
                null,
                false,
                null,
                level,
                creditPercent,
                null,
                enteredVersion,
                null,
                null);
    }

    static ClauseView open(
            String id,
            String heading,
            String category,
            String intent,
            LocalDate reviewBy,
            String enteredVersion,
            Instant openedAt) {
        return new ClauseView(
                id,
                heading,
                category,
                ClauseState.OPEN,
                null,
                intent,
                reviewBy,
                false,
                null,
                null,
                null,
                null,
                enteredVersion,
                openedAt,
                null);
    }

    static ClauseView proposed(String id, String heading, String category, Proposal proposal) {
        return new ClauseView(
                id,
                heading,
                category,
                ClauseState.PROPOSED,
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                proposal,
                null,
                null,
                null);
    }

    /** Filled in: agreed now, keeping the intent it was left open with and when it was opened. */
    ClauseView filledIn(String newText, ServiceLevel level, BigDecimal credit, String version, Instant at) {
        return new ClauseView(
                clauseId,
                heading,
                category,
                ClauseState.AGREED,
                newText,
                intent,
                reviewBy,
                false,
                null,
                level,
                credit,
                null,
                version,
                openedAt,
                at);
    }

    ClauseView amended(String newText, ServiceLevel level, BigDecimal credit, String version) {
        return new ClauseView(
                clauseId,
                heading,
                category,
                state,
                newText,
                intent,
                reviewBy,
                reviewDue,
                null,
                level,
                credit,
                null,
                version,
                openedAt,
                filledInAt);
    }

    ClauseView withReviewDue() {
        return new ClauseView(
                clauseId,
                heading,
                category,
                state,
                text,
                intent,
                reviewBy,
                true,
                null,
                serviceLevel,
                creditPercent,
                pending,
                enteredVersion,
                openedAt,
                filledInAt);
    }

    ClauseView withPending(Proposal proposal) {
        return new ClauseView(
                clauseId,
                heading,
                category,
                state,
                text,
                intent,
                reviewBy,
                reviewDue,
                null,
                serviceLevel,
                creditPercent,
                proposal,
                enteredVersion,
                openedAt,
                filledInAt);
    }

    ClauseView withEnteredVersion(String version) {
        return new ClauseView(
                clauseId,
                heading,
                category,
                state,
                text,
                intent,
                reviewBy,
                reviewDue,
                null,
                serviceLevel,
                creditPercent,
                pending,
                version,
                openedAt,
                filledInAt);
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
