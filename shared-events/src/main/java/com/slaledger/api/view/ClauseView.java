package com.slaledger.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One clause: {@code OPEN} (left open on purpose: heading, intent, review-by date), {@code AGREED}
 * (text, optional service level and credit %) or {@code PROPOSED} (a new clause waiting for the
 * other party). {@code pending} is the clause's one pending proposal, if any. {@code overdue} is
 * only set on read, for the day asked about.
 */
@RecordBuilder
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
        Instant filledInAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant inForceSince,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Term> earlierTerms)
        implements ClauseViewBuilder.With {

    public ClauseView {
        earlierTerms = earlierTerms == null ? List.of() : earlierTerms; // absent from views stored before
    }

    /**
     * What an active contract's clause said about breaches until an agreed change replaced it at
     * {@code until} (the service's clock): open, or agreed with this service level and credit %. A
     * breach is judged by the terms in force when it occurred, however late it is recorded.
     */
    public record Term(
            Instant until,
            boolean open,
            @JsonInclude(JsonInclude.Include.NON_NULL) ServiceLevel serviceLevel,
            BigDecimal creditPercent) {}

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
            String category,
            String text,
            String intent,
            LocalDate reviewBy,
            ServiceLevel serviceLevel,
            BigDecimal creditPercent,
            String reason) {

        public Wording wording() {
            return new Wording(heading, category, text, intent, serviceLevel, creditPercent);
        }
    }

    /**
     * What a clause says or would say, as one event or proposal carries it: heading and category,
     * the text of an agreed clause or the intent of an open one, the measurable level and its credit.
     */
    public record Wording(
            String heading,
            String category,
            String text,
            String intent,
            ServiceLevel serviceLevel,
            BigDecimal creditPercent) {

        /** This wording where it says something, the clause's current wording where it is silent. */
        Wording over(ClauseView clause) {
            return new Wording(
                    heading != null ? heading : clause.heading(),
                    category != null ? category : clause.category(),
                    text,
                    intent,
                    serviceLevel,
                    creditPercent);
        }
    }

    /** What the clause says now. */
    public Wording wording() {
        return new Wording(heading, category, text, intent, serviceLevel, creditPercent);
    }

    /**
     * The clause as it stood for credits at {@code at}: its own terms, or the earlier ones then in
     * force. Empty when it was not in force then: a clause added to the active contract later (in
     * force since its agreement), or one still only proposed. A clause of the signed contract is in
     * force from the start of the term.
     */
    public Optional<ClauseView> inForceAt(Instant at) {
        if (state == ClauseState.PROPOSED || (inForceSince != null && at.isBefore(inForceSince))) {
            return Optional.empty();
        }
        for (Term term : earlierTerms()) {
            if (at.isBefore(term.until())) {
                return Optional.of(withState(term.open() ? ClauseState.OPEN : ClauseState.AGREED)
                        .withServiceLevel(term.serviceLevel())
                        .withCreditPercent(term.creditPercent()));
            }
        }
        return Optional.of(this);
    }

    /** Replaced by an agreed change at {@code at}: what it said until then joins its earlier terms. */
    ClauseView replacing(ClauseView before, Instant at) {
        return withInForceSince(before.inForceSince())
                .withEarlierTerms(java.util.stream.Stream.concat(
                                before.earlierTerms().stream(),
                                java.util.stream.Stream.of(
                                        new Term(at, before.isOpen(), before.serviceLevel(), before.creditPercent())))
                        .toList());
    }

    public boolean isOpen() {
        return state == ClauseState.OPEN;
    }

    /** An agreed clause with a credit percentage earns service credits for its breaches. */
    public boolean earnsCredits() {
        return state == ClauseState.AGREED && creditPercent != null && creditPercent.signum() > 0;
    }

    // How a clause comes to be and changes: the fold speaks in these steps.

    static ClauseView agreed(String id, Wording wording, String enteredVersion) {
        return new ClauseView(
                id,
                wording.heading(),
                wording.category(),
                ClauseState.AGREED,
                wording.text(),
                null,
                null,
                false,
                null,
                wording.serviceLevel(),
                wording.creditPercent(),
                null,
                enteredVersion,
                null,
                null,
                null,
                List.of());
    }

    static ClauseView open(String id, Wording wording, LocalDate reviewBy, String enteredVersion, Instant openedAt) {
        return agreed(id, wording, enteredVersion)
                .withState(ClauseState.OPEN)
                .withText(null)
                .withIntent(wording.intent())
                .withReviewBy(reviewBy)
                .withServiceLevel(null)
                .withCreditPercent(null)
                .withOpenedAt(openedAt);
    }

    static ClauseView proposed(String id, Proposal proposal) {
        return agreed(id, proposal.wording(), null)
                .withState(ClauseState.PROPOSED)
                .withText(null)
                .withServiceLevel(null)
                .withCreditPercent(null)
                .withPending(proposal);
    }

    /** Filled in: agreed now, keeping the intent it was left open with and when it was opened. */
    ClauseView filledIn(Wording wording, String version, Instant at) {
        return withState(ClauseState.AGREED)
                .withText(wording.text())
                .withReviewDue(false)
                .withServiceLevel(wording.serviceLevel())
                .withCreditPercent(wording.creditPercent())
                .withPending(null)
                .withOverdue((Boolean) null)
                .withEnteredVersion(version)
                .withFilledInAt(at);
    }

    ClauseView amended(Wording wording, String version) {
        return withText(wording.text())
                .withServiceLevel(wording.serviceLevel())
                .withCreditPercent(wording.creditPercent())
                .withPending(null)
                .withOverdue((Boolean) null)
                .withEnteredVersion(version);
    }

    /** The overdue flag, set on open clauses only. */
    ClauseView withOverdueFlag(boolean overdue) {
        return withOverdue(isOpen() ? Boolean.valueOf(overdue) : null);
    }

    /** Open, with a review-by date before {@code today}. Whether the contract still runs is its own. */
    boolean pastReviewBy(LocalDate today) {
        return isOpen() && reviewBy != null && reviewBy.isBefore(today);
    }
}
