package com.slaledger.api.view;

import com.slaledger.api.ChangeKind;
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
import com.slaledger.api.event.CreditExplanation;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.api.event.SatisfactionRecorded;
import com.slaledger.api.view.BreachView.Dispute;
import com.slaledger.api.view.ClauseView.ClauseState;
import com.slaledger.api.view.ClauseView.Proposal;
import com.slaledger.api.view.ClauseView.Wording;
import com.slaledger.api.view.ContractView.ContractStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The one fold from events to a contract: what each event means, said once. The aggregate folds
 * its state with it and decides on that; the live projection, the version snapshots, time travel,
 * the history's before and after, the provenance and rebuilds all fold with it. Pure: the same
 * view and event always give the same result. Exhaustive by construction: it is a
 * {@link ContractEvent.Visitor}, so an event it does not handle does not compile.
 */
public final class ContractFold {

    /**
     * Which fold this is: raised whenever a change makes the fold give events already stored another
     * view (a time taken from another field, a rule counted otherwise), not for a new event or field.
     * projection-service keeps the version its read models were folded with and rebuilds them when
     * it starts with another (ADR 0008), so no export shows a view the verifier's fold would not
     * make. 1: times are when the service received each command ({@link Stamp}).
     */
    public static final int VERSION = 1;

    /**
     * Where an event stands in its contract's history: its sequence and when the service received
     * the command that made it ({@code receivedAt}, its own clock, by which every rule judged).
     * Every time in a view (drafted, opened, proposed, filled in, activated, terminated, in force,
     * a breach recorded, a version reached) is that time, never the sender's claimed {@code
     * issuedAt}: a claim may lie years back, and the scorecard's days from open to filled in would
     * take it at its word. Nor is it the store's {@code recordedAt}, which the hash chain does not
     * cover (Axon assigns it after the hash), so an export could move it and still verify; chain
     * version 2 covers {@code receivedAt}. An event stored without one takes its {@code
     * recordedAt} (docs/hash-chain.md, ADR 0013). Kept to the microsecond, as PostgreSQL
     * keeps a timestamp: a version's {@code reachedAt} is stored in one and must equal the time its
     * event folds with, where the service's clock gives nanoseconds.
     */
    public record Stamp(long sequence, Instant at) {

        public Stamp {
            at = at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
        }

        public static Stamp of(EventEnvelope envelope) {
            return new Stamp(
                    envelope.sequence(), envelope.receivedAt() != null ? envelope.receivedAt() : envelope.recordedAt());
        }
    }

    /** One event with the contract as it was before it and as it became. */
    public record Transition(EventEnvelope envelope, ContractEvent event, ContractView before, ContractView after) {}

    private ContractFold() {}

    /** Every event of a contract, in sequence order, with the contract before and after it. */
    public static List<Transition> transitions(List<EventEnvelope> envelopes) {
        List<Transition> transitions = new ArrayList<>(envelopes.size());
        ContractView view = null;
        for (EventEnvelope envelope : envelopes) {
            ContractEvent event = envelope.event();
            ContractView after = apply(view, event, Stamp.of(envelope));
            transitions.add(new Transition(envelope, event, view, after));
            view = after;
        }
        return transitions;
    }

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
        return apply(view, envelope.event(), Stamp.of(envelope));
    }

    public static ContractView apply(ContractView view, ContractEvent event, Stamp stamp) {
        return event.accept(new Step(view, stamp, UnaryOperator.identity()))
                .withLastSequence(stamp.sequence())
                .withAsOf(stamp.at());
    }

    /**
     * The same fold as {@link #apply(ContractView, ContractEvent, Stamp)}, for the aggregate: each
     * breach is held as its decisions need it ({@link BreachView#forDecisions()}), without the
     * texts, measurement and instants that only the read models show. The aggregate caches every
     * breach of every contract it holds; this is most of its heap (ADR 0009). Equal to the full fold
     * with every breach so reduced (tested over generated lifecycles).
     */
    public static ContractView applyForDecisions(ContractView view, ContractEvent event, Stamp stamp) {
        return event.accept(new Step(view, stamp, BreachView::forDecisions))
                .withLastSequence(stamp.sequence())
                .withAsOf(stamp.at());
    }

    /**
     * {@code credit}, holding the instances it has in common with {@code previous} (the
     * contract's last breach's) instead of its own: a contract's breaches repeat their month,
     * percentages and amounts (all of them once the month's cap is reached), and the aggregate
     * holds every breach of every contract it caches (ADR 0009). Equal values only, so the
     * view is the same; only less of it is held.
     */
    static CreditExplanation sharing(CreditExplanation credit, CreditExplanation previous) {
        if (credit == null || previous == null) {
            return credit;
        }
        if (credit.equals(previous)) {
            return previous;
        }
        return new CreditExplanation(
                same(credit.month(), previous.month()),
                same(credit.creditPercent(), previous.creditPercent()),
                same(credit.monthlyFee(), previous.monthlyFee()),
                same(credit.atRiskPercent(), previous.atRiskPercent()),
                same(credit.atRiskAmount(), previous.atRiskAmount()),
                same(credit.creditedBefore(), previous.creditedBefore()),
                same(credit.amountBeforeCap(), previous.amountBeforeCap()),
                same(credit.credited(), previous.credited()),
                credit.capApplied());
    }

    private static <T> T same(T value, T known) {
        return Objects.equals(value, known) ? known : value;
    }

    /**
     * One event's meaning: the view before it, in; the view after it, out. {@code held} is what of
     * each new or changed breach the view keeps.
     */
    private record Step(ContractView view, Stamp stamp, UnaryOperator<BreachView> held)
            implements ContractEvent.Visitor<ContractView> {

        @Override
        public ContractView visit(ContractDrafted e) {
            return ContractView.drafted(e, stamp.at());
        }

        @Override
        public ContractView visit(ClauseDrafted e) {
            Wording wording =
                    new Wording(e.heading(), e.category(), e.text(), null, e.serviceLevel(), e.creditPercent());
            return withClause(ClauseView.agreed(e.clauseId().value(), wording, view.version()));
        }

        @Override
        public ContractView visit(ClauseLeftOpen e) {
            Wording wording = new Wording(e.heading(), e.category(), null, e.intent(), null, null);
            return withClause(ClauseView.open(e.clauseId().value(), wording, e.reviewBy(), view.version(), stamp.at()));
        }

        @Override
        public ContractView visit(ClauseFilledIn e) {
            Wording wording = new Wording(null, null, e.text(), null, e.serviceLevel(), e.creditPercent());
            return updateClause(e.clauseId().value(), c -> c.filledIn(wording, c.enteredVersion(), stamp.at()));
        }

        @Override
        public ContractView visit(ClauseAmended e) {
            Wording wording = new Wording(null, null, e.text(), null, e.serviceLevel(), e.creditPercent());
            return updateClause(e.clauseId().value(), c -> c.amended(wording, c.enteredVersion()));
        }

        @Override
        public ContractView visit(ContractSigned e) {
            return view.withSignedBy(append(view.signedBy(), e.party()));
        }

        @Override
        public ContractView visit(ContractActivated e) {
            String first = e.version().toString();
            return view.withStatus(ContractStatus.ACTIVE)
                    .withVersion(first)
                    .withActivatedAt(stamp.at())
                    .withClauses(view.clauses().stream()
                            .map(c -> c.enteredVersion() != null ? c : c.withEnteredVersion(first))
                            .toList());
        }

        @Override
        public ContractView visit(ChangeProposed e) {
            Proposal proposal = new Proposal(
                    e.kind(),
                    e.proposedBy(),
                    stamp.at(),
                    e.heading(),
                    e.category(),
                    e.text(),
                    e.intent(),
                    e.reviewBy(),
                    e.serviceLevel(),
                    e.creditPercent(),
                    e.reason());
            String id = e.clauseId().value();
            return e.kind() == ChangeKind.ADD_CLAUSE || e.kind() == ChangeKind.ADD_OPEN_CLAUSE
                    ? withClause(ClauseView.proposed(id, proposal))
                    : updateClause(id, c -> c.withPending(proposal));
        }

        @Override
        public ContractView visit(ChangeAgreed e) {
            String version = e.contractVersion().toString();
            // A change takes effect when the service records the agreement; breaches that occurred
            // before are judged by the terms it replaced.
            Instant at = stamp.at();
            return updateClause(e.clauseId().value(), c -> {
                        Proposal p = c.pending();
                        Wording wording = p.wording().over(c);
                        return switch (p.kind()) {
                            case ADD_CLAUSE ->
                                ClauseView.agreed(c.clauseId(), wording, version)
                                        .withInForceSince(at);
                            case ADD_OPEN_CLAUSE ->
                                ClauseView.open(c.clauseId(), wording, p.reviewBy(), version, at)
                                        .withInForceSince(at);
                            case REOPEN ->
                                ClauseView.open(c.clauseId(), wording, p.reviewBy(), version, at)
                                        .replacing(c, at);
                            case FILL_IN -> c.filledIn(wording, version, at).replacing(c, at);
                            case AMEND -> c.amended(wording, version).replacing(c, at);
                        };
                    })
                    .withVersion(version);
        }

        @Override
        public ContractView visit(ChangeRejected e) {
            String id = e.clauseId().value();
            return view.withClauses(view.clauses().stream()
                    .filter(c -> !(c.clauseId().equals(id) && c.state() == ClauseState.PROPOSED))
                    .map(c -> c.clauseId().equals(id) ? c.withPending(null) : c)
                    .toList());
        }

        @Override
        public ContractView visit(ReviewBecameDue e) {
            return updateClause(e.clauseId().value(), c -> c.withReviewDue(true));
        }

        @Override
        public ContractView visit(BreachRecorded e) {
            List<BreachView> breaches = view.breaches();
            BreachView previous = breaches.isEmpty() ? null : breaches.get(breaches.size() - 1);
            String clauseId = e.clauseId().value();
            BreachView breach = new BreachView(
                    e.breachId().value(),
                    stamp.sequence(),
                    view.clause(clauseId).map(ClauseView::clauseId).orElse(clauseId),
                    e.occurredAt(),
                    stamp.at(),
                    e.measured(),
                    e.description(),
                    e.treatment(),
                    sharing(e.credit(), previous == null ? null : previous.credit()),
                    false,
                    null,
                    Dispute.NONE,
                    null,
                    null,
                    null);
            ContractView next = view.withBreaches(
                            GrowingList.append(view.breaches(), held.apply(breach), ContractView.BREACH_ID))
                    .withBreachCount(view.breachCount() + 1);
            return e.credit() == null
                    ? next
                    : updateMonth(
                            next, e.credit().month(), m -> m.credit(e.credit().credited()));
        }

        @Override
        public ContractView visit(CreditWaived e) {
            BreachView breach = breach(e.breachId().value());
            ContractView next = updateBreach(breach, b -> b.withWaived(true).withWaiverReason(e.reason()));
            return updateMonth(next, breach.credit().month(), m -> m.waive(e.amount()));
        }

        @Override
        public ContractView visit(BreachDisputed e) {
            return updateBreach(
                    breach(e.breachId().value()),
                    b -> b.withDispute(Dispute.OPEN)
                            .withDisputeReason(e.reason())
                            .withProposedSettlement(null)
                            .withSettlementProposedBy(null));
        }

        @Override
        public ContractView visit(DisputeSettlementProposed e) {
            return updateBreach(
                    breach(e.breachId().value()),
                    b -> b.withProposedSettlement(e.outcome()).withSettlementProposedBy(e.proposedBy()));
        }

        @Override
        public ContractView visit(DisputeSettled e) {
            BreachView breach = breach(e.breachId().value());
            Dispute settled = Dispute.settledAs(e.outcome());
            ContractView next = updateBreach(
                    breach,
                    b -> b.withDispute(settled).withProposedSettlement(null).withSettlementProposedBy(null));
            if (settled == Dispute.WITHDRAWN) {
                next = next.withWithdrawnCount(next.withdrawnCount() + 1);
            }
            return e.creditReleased() == null || breach.credit() == null
                    ? next
                    : updateMonth(next, breach.credit().month(), m -> m.release(e.creditReleased(), breach.waived()));
        }

        @Override
        public ContractView visit(SatisfactionRecorded e) {
            return view.withSatisfaction(append(
                    view.satisfaction(), new SatisfactionView(e.period(), e.score(), e.wouldRecommend(), e.comment())));
        }

        @Override
        public ContractView visit(ContractTerminated e) {
            return view.withStatus(ContractStatus.TERMINATED)
                    .withTermination(
                            new ContractView.Termination(e.effectiveDate(), e.reason(), e.terminatedBy(), stamp.at()))
                    .withClauses(view.clauses().stream()
                            .filter(c -> c.state() != ClauseState.PROPOSED)
                            .map(c -> c.withPending(null))
                            .toList());
        }

        private ContractView withClause(ClauseView clause) {
            return view.withClauses(append(view.clauses(), clause));
        }

        private ContractView updateClause(String id, UnaryOperator<ClauseView> change) {
            return view.withClauses(replace(view.clauses(), c -> c.clauseId().equals(id), change));
        }

        private BreachView breach(String id) {
            return view.breach(id).orElseThrow(() -> new IllegalStateException("no breach " + id));
        }

        private ContractView updateBreach(BreachView breach, UnaryOperator<BreachView> change) {
            return view.withBreaches(GrowingList.replace(
                    view.breaches(), breach.breachId(), b -> held.apply(change.apply(b)), ContractView.BREACH_ID));
        }

        private static ContractView updateMonth(ContractView view, YearMonth month, UnaryOperator<CreditMonth> change) {
            List<CreditMonth> months = new ArrayList<>(view.credits());
            if (months.stream().noneMatch(m -> m.month().equals(month))) {
                months.add(CreditMonth.empty(month, view.atRiskAmount()));
                months.sort(Comparator.comparing(CreditMonth::month));
            }
            return view.withCredits(replace(months, m -> m.month().equals(month), change));
        }

        private static <T> List<T> append(List<T> list, T element) {
            List<T> copy = new ArrayList<>(list);
            copy.add(element);
            return List.copyOf(copy);
        }

        private static <T> List<T> replace(List<T> list, Predicate<T> which, UnaryOperator<T> change) {
            return list.stream().map(t -> which.test(t) ? change.apply(t) : t).toList();
        }
    }
}
