package com.slaledger.projection.contractview;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ClauseAmended;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractDrafted;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractSigned;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.api.event.SatisfactionRecorded;
import com.slaledger.projection.contractview.BreachView.Dispute;
import com.slaledger.projection.contractview.ClauseView.ClauseState;
import com.slaledger.projection.contractview.ClauseView.Proposal;
import com.slaledger.projection.contractview.ContractView.ContractStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one fold from events to a contract view. The live projection, the version snapshots, time
 * travel, the history's before/after and rebuilds all call {@link #apply}; nothing else decides what
 * a clause looks like after an event. Pure: the same view and envelope always give the same result.
 */
public final class ContractFold {

    private ContractFold() {}

    /** Folds a contract's envelopes, in sequence order, from nothing. */
    public static ContractView replay(List<EventEnvelope> envelopes) {
        ContractView view = null;
        for (EventEnvelope envelope : envelopes) {
            view = apply(view, envelope);
        }
        return view;
    }

    /** The view after one more event. {@code view} is null before the contract's first event. */
    public static ContractView apply(ContractView view, EventEnvelope envelope) {
        ContractEvent event = envelope.event();
        Builder next = view == null ? Builder.drafted((ContractDrafted) event, envelope) : new Builder(view);
        next.apply(event, envelope);
        next.lastSequence = envelope.sequence();
        next.asOf = envelope.recordedAt();
        if (envelope.contractVersion() != null) {
            next.version = envelope.contractVersion();
        }
        return next.build();
    }

    /** A mutable copy used inside one step of the fold only. */
    private static final class Builder {
        private final ContractView base;
        private ContractStatus status;
        private String version;
        private final List<Party> signedBy;
        private Instant activatedAt;
        private ContractView.Termination termination;
        private final List<ClauseView> clauses;
        private final List<BreachView> breaches;
        private final List<CreditMonth> credits;
        private final List<SatisfactionView> satisfaction;
        private long lastSequence;
        private Instant asOf;

        private Builder(ContractView view) {
            base = view;
            status = view.status();
            version = view.version();
            signedBy = new ArrayList<>(view.signedBy());
            activatedAt = view.activatedAt();
            termination = view.termination();
            clauses = new ArrayList<>(view.clauses());
            breaches = new ArrayList<>(view.breaches());
            credits = new ArrayList<>(view.credits());
            satisfaction = new ArrayList<>(view.satisfaction());
        }

        static Builder drafted(ContractDrafted d, EventEnvelope envelope) {
            return new Builder(new ContractView(
                    d.contractId().value(),
                    ContractStatus.DRAFT,
                    null,
                    d.client().id(),
                    d.client().name(),
                    d.supplier().id(),
                    d.supplier().name(),
                    d.title(),
                    d.scope(),
                    d.ownership(),
                    d.monthlyFee(),
                    d.atRiskPercent(),
                    d.atRiskAmount(),
                    d.startDate(),
                    d.endDate(),
                    List.of(),
                    envelope.occurredAt(),
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    0,
                    null));
        }

        void apply(ContractEvent event, EventEnvelope envelope) {
            Instant at = envelope.occurredAt();
            if (event instanceof ContractDrafted) {
                return; // the builder was made from it
            } else if (event instanceof ClauseDrafted e) {
                clauses.add(ClauseView.agreed(
                        e.clauseId().value(),
                        e.heading(),
                        e.category(),
                        e.text(),
                        e.serviceLevel(),
                        e.creditPercent(),
                        version));
            } else if (event instanceof ClauseLeftOpen e) {
                clauses.add(ClauseView.open(
                        e.clauseId().value(), e.heading(), e.category(), e.intent(), e.reviewBy(), version, at));
            } else if (event instanceof ClauseFilledIn e) {
                updateClause(
                        e.clauseId().value(),
                        c -> c.filledIn(e.text(), e.serviceLevel(), e.creditPercent(), c.enteredVersion(), at));
            } else if (event instanceof ClauseAmended e) {
                updateClause(
                        e.clauseId().value(),
                        c -> c.amended(e.text(), e.serviceLevel(), e.creditPercent(), c.enteredVersion()));
            } else if (event instanceof ContractSigned e) {
                signedBy.add(e.party());
            } else if (event instanceof ContractActivated e) {
                status = ContractStatus.ACTIVE;
                activatedAt = at;
                String first = e.version().toString();
                clauses.replaceAll(c -> c.enteredVersion() != null ? c : c.withEnteredVersion(first));
            } else if (event instanceof ChangeProposed e) {
                proposed(e, at);
            } else if (event instanceof ChangeAgreed e) {
                agreed(e, at);
            } else if (event instanceof ChangeRejected e) {
                String id = e.clauseId().value();
                clauses.removeIf(c -> c.clauseId().equals(id) && c.state() == ClauseState.PROPOSED);
                updateClause(id, c -> c.withPending(null));
            } else if (event instanceof ReviewBecameDue e) {
                updateClause(e.clauseId().value(), ClauseView::withReviewDue);
            } else if (event instanceof BreachRecorded e) {
                breaches.add(new BreachView(
                        e.breachId().value(),
                        e.clauseId().value(),
                        e.occurredAt(),
                        envelope.recordedAt(),
                        e.measured(),
                        e.description(),
                        e.treatment(),
                        e.credit(),
                        false,
                        null,
                        Dispute.NONE,
                        null,
                        null,
                        null));
                if (e.credit() != null) {
                    Money credited = e.credit().credited();
                    updateMonth(
                            e.credit().month(), m -> month(m, m.credited().plus(credited), m.waived(), m.released()));
                }
            } else if (event instanceof CreditWaived e) {
                BreachView b = updateBreach(
                        e.breachId().value(),
                        x -> breach(x, true, e.reason(), x.dispute(), x.disputeReason(), null, null));
                updateMonth(
                        b.credit().month(),
                        m -> month(m, m.credited(), m.waived().plus(e.amount()), m.released()));
            } else if (event instanceof BreachDisputed e) {
                updateBreach(
                        e.breachId().value(),
                        x -> breach(x, x.waived(), x.waiverReason(), Dispute.OPEN, e.reason(), null, null));
            } else if (event instanceof DisputeSettlementProposed e) {
                updateBreach(
                        e.breachId().value(),
                        x -> breach(
                                x,
                                x.waived(),
                                x.waiverReason(),
                                x.dispute(),
                                x.disputeReason(),
                                e.outcome(),
                                e.proposedBy()));
            } else if (event instanceof DisputeSettled e) {
                Dispute end = e.outcome() == SettlementOutcome.WITHDRAWN ? Dispute.WITHDRAWN : Dispute.UPHELD;
                BreachView b = updateBreach(
                        e.breachId().value(),
                        x -> breach(x, x.waived(), x.waiverReason(), end, x.disputeReason(), null, null));
                if (e.creditReleased() != null && b.credit() != null) {
                    Money released = e.creditReleased();
                    updateMonth(
                            b.credit().month(),
                            m -> month(
                                    m,
                                    m.credited().minus(released),
                                    m.waived(),
                                    m.released().plus(released)));
                }
            } else if (event instanceof SatisfactionRecorded e) {
                satisfaction.add(new SatisfactionView(e.period(), e.score(), e.wouldRecommend(), e.comment()));
            } else if (event instanceof ContractTerminated e) {
                status = ContractStatus.TERMINATED;
                termination = new ContractView.Termination(e.effectiveDate(), e.reason(), e.terminatedBy(), at);
                clauses.removeIf(c -> c.state() == ClauseState.PROPOSED);
                clauses.replaceAll(c -> c.withPending(null));
            }
        }

        private void proposed(ChangeProposed e, Instant at) {
            Proposal proposal = new Proposal(
                    e.kind(),
                    e.proposedBy(),
                    at,
                    e.heading(),
                    e.text(),
                    e.intent(),
                    e.reviewBy(),
                    e.serviceLevel(),
                    e.creditPercent(),
                    e.reason());
            String id = e.clauseId().value();
            if (e.kind() == ChangeKind.ADD_CLAUSE || e.kind() == ChangeKind.ADD_OPEN_CLAUSE) {
                clauses.add(ClauseView.proposed(id, e.heading(), e.category(), proposal));
            } else {
                updateClause(id, c -> c.withPending(proposal));
            }
        }

        private void agreed(ChangeAgreed e, Instant at) {
            String v = e.contractVersion().toString();
            updateClause(e.clauseId().value(), c -> {
                Proposal p = c.pending();
                String heading = p.heading() != null ? p.heading() : c.heading();
                return switch (p.kind()) {
                    case ADD_CLAUSE ->
                        ClauseView.agreed(
                                c.clauseId(), heading, c.category(), p.text(), p.serviceLevel(), p.creditPercent(), v);
                    case ADD_OPEN_CLAUSE, REOPEN ->
                        ClauseView.open(c.clauseId(), heading, c.category(), p.intent(), p.reviewBy(), v, at);
                    case FILL_IN -> c.filledIn(p.text(), p.serviceLevel(), p.creditPercent(), v, at);
                    case AMEND -> c.amended(p.text(), p.serviceLevel(), p.creditPercent(), v);
                };
            });
        }

        private void updateClause(String id, UnaryOperator<ClauseView> change) {
            clauses.replaceAll(c -> c.clauseId().equals(id) ? change.apply(c) : c);
        }

        private BreachView updateBreach(String id, UnaryOperator<BreachView> change) {
            breaches.replaceAll(b -> b.breachId().equals(id) ? change.apply(b) : b);
            return breaches.stream()
                    .filter(b -> b.breachId().equals(id))
                    .findFirst()
                    .orElseThrow();
        }

        private void updateMonth(YearMonth month, UnaryOperator<CreditMonth> change) {
            if (credits.stream().noneMatch(m -> m.month().equals(month))) {
                Money zero = Money.zero(base.monthlyFee().currency());
                credits.add(new CreditMonth(month, base.atRiskAmount(), zero, zero, zero, false));
                credits.sort(Comparator.comparing(CreditMonth::month));
            }
            credits.replaceAll(m -> m.month().equals(month) ? change.apply(m) : m);
        }

        private static CreditMonth month(CreditMonth m, Money credited, Money waived, Money released) {
            return new CreditMonth(
                    m.month(), m.cap(), credited, waived, released, !m.cap().isGreaterThan(credited));
        }

        private static BreachView breach(
                BreachView b,
                boolean waived,
                String waiverReason,
                Dispute dispute,
                String disputeReason,
                SettlementOutcome proposed,
                Party proposedBy) {
            return new BreachView(
                    b.breachId(),
                    b.clauseId(),
                    b.occurredAt(),
                    b.recordedAt(),
                    b.measured(),
                    b.description(),
                    b.treatment(),
                    b.credit(),
                    waived,
                    waiverReason,
                    dispute,
                    disputeReason,
                    proposed,
                    proposedBy);
        }

        ContractView build() {
            return new ContractView(
                    base.contractId(),
                    status,
                    version,
                    base.clientId(),
                    base.clientName(),
                    base.supplierId(),
                    base.supplierName(),
                    base.title(),
                    base.scope(),
                    base.ownership(),
                    base.monthlyFee(),
                    base.atRiskPercent(),
                    base.atRiskAmount(),
                    base.startDate(),
                    base.endDate(),
                    List.copyOf(signedBy),
                    base.draftedAt(),
                    activatedAt,
                    termination,
                    List.copyOf(clauses),
                    List.copyOf(breaches),
                    List.copyOf(credits),
                    List.copyOf(satisfaction),
                    lastSequence,
                    asOf);
        }
    }
}
