package com.slaledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DisputeBreach;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.RecordSatisfaction;
import com.slaledger.api.command.RejectChange;
import com.slaledger.api.command.SettleDispute;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.command.TerminateContract;
import com.slaledger.api.command.WaiveCredit;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractDrafted;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.CreditMonth;
import com.slaledger.publishing.EventPublisher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * Random sequences of valid and invalid commands by random parties, run through Axon with an
 * in-memory event store. After every step the lifecycle's invariants hold, checked on the stored
 * events alone.
 */
class LifecycleInvariantsPropertyTest {

    private static final List<String> CLAUSES = List.of("availability", "response-time", "helpdesk");
    private static final AtomicLong IDS = new AtomicLong();

    /**
     * When the service receives the step in hand: a day after the one before, so that agreed changes
     * take effect between breaches' occurrences and late breaches meet old terms. A step's command
     * may depend on it, as a breach's occurrence does (it cannot lie after its receipt).
     */
    private static Instant receivedNow = Instant.parse("2026-12-01T12:00:00Z");

    private static final InMemoryContracts CONTRACTS = new InMemoryContracts().start();

    @AfterContainer
    static void stop() {
        CONTRACTS.stop();
    }

    /** One step: who sends it, and the command for a given contract id. */
    record Step(Party party, Function<ContractId, Object> command, String label) {
        @Override
        public String toString() {
            return party + " " + label;
        }
    }

    @Property(tries = 200)
    void invariantsHoldAfterEveryStep(@ForAll("lifecycles") List<Step> steps) {
        ContractId id = ContractId.of("P-" + IDS.incrementAndGet());
        receivedNow = Instant.parse("2026-11-30T12:00:00Z");
        send(Party.CLIENT, ContractScenario.draftContract(id));
        int stored = events(id).size();
        int day = 0;
        for (Step step : steps) {
            receivedNow = Instant.parse("2026-12-01T12:00:00Z").plus(Duration.ofDays(day++));
            boolean accepted = send(step.party(), step.command().apply(id));
            List<DomainEventMessage<?>> events = events(id);
            if (!accepted) {
                assertThat(events).as("a rejected command stores nothing").hasSize(stored);
            }
            stored = events.size();
            checkInvariants(events);
        }
        Statistics.label("a waived breach withdrawn")
                .collect(events(id).stream()
                        .map(DomainEventMessage::getPayload)
                        .anyMatch(p -> p instanceof DisputeSettled s
                                && s.creditReleased() != null
                                && events(id).stream()
                                        .anyMatch(w -> w.getPayload() instanceof CreditWaived c
                                                && c.breachId().equals(s.breachId()))));
        publishedAsTheirEnvelopes(events(id));
        aggregateHoldsTheViewsDecisions(events(id));
        Object version = events(id).get(stored - 1).getMetaData().get(ChainMetadata.CONTRACT_VERSION);
        Statistics.label("version reached")
                .collect(
                        version == null
                                ? "draft"
                                : "major "
                                        + ContractVersion.parse(version.toString())
                                                .major());
    }

    /**
     * What {@code contract.events} carries, written around the stored payload's bytes, is byte for
     * byte the envelope written from the event record.
     */
    private static void publishedAsTheirEnvelopes(List<DomainEventMessage<?>> events) {
        for (DomainEventMessage<?> event : events) {
            byte[] stored = SlaJson.mapper().writeValueAsBytes(event.getPayload());
            String expected = new String(
                    SlaJson.mapper()
                            .writeValueAsBytes(EventPublisher.envelope(
                                    event, SlaJson.mapper().valueToTree(event.getPayload()))),
                    StandardCharsets.UTF_8);
            assertThat(new String(EventPublisher.published(event, stored), StandardCharsets.UTF_8))
                    .as("the published %s", event.getPayloadType().getSimpleName())
                    .isEqualTo(expected);
        }
    }

    /**
     * After every event, the aggregate's fold holds what the read models' fold shows, each breach
     * as decisions need it: the same meaning, less held. Checked field by field, not through
     * {@link BreachView#forDecisions()}, which both folds would share.
     */
    private static void aggregateHoldsTheViewsDecisions(List<DomainEventMessage<?>> events) {
        ContractView shown = null;
        ContractView held = null;
        for (DomainEventMessage<?> event : events) {
            ContractFold.Stamp stamp = new ContractFold.Stamp(event.getSequenceNumber(), event.getTimestamp());
            shown = ContractFold.apply(shown, (ContractEvent) event.getPayload(), stamp);
            held = ContractFold.applyForDecisions(held, (ContractEvent) event.getPayload(), stamp);
            String after = "after the " + event.getPayloadType().getSimpleName();
            assertThat(held.withBreaches(List.of())).as(after).isEqualTo(shown.withBreaches(List.of()));
            assertThat(held.breaches()).as(after).hasSameSizeAs(shown.breaches());
            for (int i = 0; i < held.breaches().size(); i++) {
                BreachView kept = held.breaches().get(i);
                BreachView whole = shown.breaches().get(i);
                assertThat(List.of(
                                kept.breachId(),
                                kept.sequence(),
                                kept.clauseId(),
                                kept.treatment(),
                                String.valueOf(kept.credit()),
                                kept.waived(),
                                kept.dispute(),
                                String.valueOf(kept.proposedSettlement()),
                                String.valueOf(kept.settlementProposedBy())))
                        .as("what decisions need of a breach, %s", after)
                        .isEqualTo(List.of(
                                whole.breachId(),
                                whole.sequence(),
                                whole.clauseId(),
                                whole.treatment(),
                                String.valueOf(whole.credit()),
                                whole.waived(),
                                whole.dispute(),
                                String.valueOf(whole.proposedSettlement()),
                                String.valueOf(whole.settlementProposedBy())));
                assertThat(Arrays.asList(
                                kept.measured(),
                                kept.description(),
                                kept.occurredAt(),
                                kept.recordedAt(),
                                kept.waiverReason(),
                                kept.disputeReason()))
                        .as("what only the read models show is not held, %s", after)
                        .containsOnlyNulls();
            }
        }
        Statistics.label("breaches held").collect(held.breachCount() == 0 ? "none" : "some");
    }

    private static void checkInvariants(List<DomainEventMessage<?>> events) {
        ContractDrafted terms = (ContractDrafted) events.get(0).getPayload();
        Money cap = terms.atRiskAmount();
        Map<YearMonth, Money> credited = new HashMap<>();
        Map<YearMonth, Money> waived = new HashMap<>();
        Map<YearMonth, Money> released = new HashMap<>();
        Set<String> waivedBreaches = new HashSet<>();
        Map<String, BreachRecorded> breaches = new HashMap<>();
        Set<String> open = new HashSet<>();
        Map<String, ChangeKind> pending = new HashMap<>();
        int closings = 0;
        ContractVersion highest = null;
        for (DomainEventMessage<?> event : events) {
            Object payload = event.getPayload();
            if (payload instanceof BreachRecorded b && b.credit() != null) {
                breaches.put(b.breachId().value(), b);
                credited.merge(b.credit().month(), b.credit().credited(), Money::plus);
            } else if (payload instanceof CreditWaived w) {
                waivedBreaches.add(w.breachId().value());
                waived.merge(breaches.get(w.breachId().value()).credit().month(), w.amount(), Money::plus);
            } else if (payload instanceof DisputeSettled s && s.creditReleased() != null) {
                BreachRecorded b = breaches.get(s.breachId().value());
                credited.merge(b.credit().month(), s.creditReleased(), Money::minus);
                released.merge(b.credit().month(), s.creditReleased(), Money::plus);
                if (waivedBreaches.contains(s.breachId().value())) {
                    waived.merge(b.credit().month(), s.creditReleased(), Money::minus);
                }
            } else if (payload instanceof ClauseLeftOpen o) {
                open.add(o.clauseId().value());
            } else if (payload instanceof ClauseFilledIn f) {
                open.remove(f.clauseId().value());
            } else if (payload instanceof ChangeProposed p) {
                pending.put(p.clauseId().value(), p.kind());
            } else if (payload instanceof ChangeAgreed a) {
                boolean hadOpen = !open.isEmpty();
                if (pending.remove(a.clauseId().value()).leavesClauseOpen()) {
                    open.add(a.clauseId().value());
                } else {
                    open.remove(a.clauseId().value());
                }
                if (hadOpen && open.isEmpty()) {
                    closings++;
                }
            } else if (payload instanceof com.slaledger.api.event.ChangeRejected r) {
                pending.remove(r.clauseId().value());
            }
            Object version = event.getMetaData().get(ChainMetadata.CONTRACT_VERSION);
            if (version != null) {
                ContractVersion current = ContractVersion.parse(version.toString());
                assertThat(highest == null || current.compareTo(highest) >= 0)
                        .as("the version never goes down")
                        .isTrue();
                highest = current;
            }
        }
        credited.forEach((month, total) -> assertThat(total.isGreaterThan(cap))
                .as("credits of %s (%s) stay within the at-risk amount %s", month, total, cap)
                .isFalse());
        monthsAddUp(events, credited, waived, released);
        breachesMeetTheTermsInForce(events);
        if (highest != null) {
            assertThat(highest.major())
                    .as("major version = 1 + rounds that closed the last open clause")
                    .isEqualTo(1 + closings);
        }
        List<ChainedEvent> chain = events.stream()
                .map(e -> ChainedEvent.of(
                        EventPublisher.envelope(e, SlaJson.mapper().valueToTree(e.getPayload()))))
                .toList();
        assertThat(HashChain.verify(chain).valid())
                .as("the hash chain is unbroken")
                .isTrue();
    }

    /**
     * Each breach was judged by its clause's terms when it occurred, worked out here from the events
     * and when the service received each alone: the signed wording from the start of the term, then
     * each agreed change from when it was received. A breach before its clause entered the contract is never stored.
     */
    private static void breachesMeetTheTermsInForce(List<DomainEventMessage<?>> events) {
        record Terms(Instant from, boolean open, BigDecimal credit) {}
        Map<String, List<Terms>> terms = new HashMap<>();
        Map<String, ChangeProposed> proposals = new HashMap<>();
        boolean active = false;
        for (DomainEventMessage<?> event : events) {
            Object payload = event.getPayload();
            Instant at = Contract.stamp(
                            event.getSequenceNumber(),
                            event.getTimestamp(),
                            event.getMetaData().get(Issuance.RECEIVED_AT))
                    .at();
            if (payload instanceof com.slaledger.api.event.ContractActivated) {
                active = true;
            } else if (!active && payload instanceof com.slaledger.api.event.ClauseDrafted d) {
                terms.put(d.clauseId().value(), List.of(new Terms(Instant.MIN, false, d.creditPercent())));
            } else if (!active && payload instanceof ClauseLeftOpen o) {
                terms.put(o.clauseId().value(), List.of(new Terms(Instant.MIN, true, null)));
            } else if (!active && payload instanceof ClauseFilledIn f) {
                terms.put(f.clauseId().value(), List.of(new Terms(Instant.MIN, false, f.creditPercent())));
            } else if (!active && payload instanceof com.slaledger.api.event.ClauseAmended a) {
                terms.put(a.clauseId().value(), List.of(new Terms(Instant.MIN, false, a.creditPercent())));
            } else if (payload instanceof ChangeProposed p) {
                proposals.put(p.clauseId().value(), p);
            } else if (payload instanceof ChangeAgreed a) {
                ChangeProposed p = proposals.remove(a.clauseId().value());
                Terms next = new Terms(
                        at, p.kind().leavesClauseOpen(), p.kind().leavesClauseOpen() ? null : p.creditPercent());
                List<Terms> clause = new java.util.ArrayList<>(
                        terms.getOrDefault(a.clauseId().value(), List.of()));
                clause.add(next);
                terms.put(a.clauseId().value(), clause);
            } else if (payload instanceof BreachRecorded b) {
                Terms inForce = null;
                for (Terms t : terms.get(b.clauseId().value())) {
                    if (!t.from().isAfter(b.occurredAt())) {
                        inForce = t;
                    }
                }
                assertThat(inForce)
                        .as("%s: its clause was in force when it occurred", b)
                        .isNotNull();
                BreachTreatment expected = inForce.open()
                        ? BreachTreatment.EXPERIENCE
                        : inForce.credit() != null && inForce.credit().signum() > 0
                                ? BreachTreatment.CREDITED
                                : BreachTreatment.NOT_CREDITED;
                assertThat(b.treatment()).as("%s against %s", b, inForce).isEqualTo(expected);
                if (expected == BreachTreatment.CREDITED) {
                    assertThat(b.credit().creditPercent()).as("%s", b).isEqualByComparingTo(inForce.credit());
                }
                Statistics.label("breach meets")
                        .collect(inForce.from() == Instant.MIN ? "signed terms" : "terms of a change");
            }
        }
    }

    /**
     * The folded credit months, which the ledger shows, hold the sums taken from the events above: a
     * withdrawn breach's credit leaves the month, its waiver with it, so nothing payable goes below
     * zero.
     */
    private static void monthsAddUp(
            List<DomainEventMessage<?>> events,
            Map<YearMonth, Money> credited,
            Map<YearMonth, Money> waived,
            Map<YearMonth, Money> released) {
        ContractView view = null;
        for (DomainEventMessage<?> event : events) {
            view = ContractFold.apply(
                    view,
                    (ContractEvent) event.getPayload(),
                    new ContractFold.Stamp(event.getSequenceNumber(), event.getTimestamp()));
        }
        for (CreditMonth month : view.credits()) {
            Money zero = Money.zero(month.cap().currency());
            String as = month.month().toString();
            assertThat(month.credited()).as("credited in " + as).isEqualTo(credited.getOrDefault(month.month(), zero));
            assertThat(month.waived()).as("waived in " + as).isEqualTo(waived.getOrDefault(month.month(), zero));
            assertThat(month.released()).as("released in " + as).isEqualTo(released.getOrDefault(month.month(), zero));
            assertThat(month.payable().amount().signum()).as("payable in " + as).isNotNegative();
            assertThat(month.waived().isGreaterThan(month.credited()))
                    .as("waived beyond credited in " + as)
                    .isFalse();
        }
    }

    /** Mostly contracts that get signed with some clauses open, so that the later steps reach 2.0 and beyond. */
    @Provide
    Arbitrary<List<Step>> lifecycles() {
        Arbitrary<Step> setupClause = Arbitraries.of(CLAUSES)
                .flatMap(c -> Arbitraries.of(
                        new Step(
                                Party.SUPPLIER,
                                id -> new LeaveClauseOpen(
                                        id, ClauseId.of(c), "Heading", "Intent", LocalDate.parse("2027-03-01"), null),
                                "open " + c),
                        new Step(
                                Party.CLIENT,
                                id -> new DraftClause(
                                        id, ClauseId.of(c), "Heading", "Text", null, null, new BigDecimal("8")),
                                "draft " + c)));
        Arbitrary<List<Step>> signing = Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.just(List.of(
                                new Step(Party.CLIENT, SignContract::new, "sign"),
                                new Step(Party.SUPPLIER, SignContract::new, "sign")))),
                Tuple.of(1, Arbitraries.just(List.<Step>of())));
        Arbitrary<List<Step>> moves = Arbitraries.frequencyOf(
                Tuple.of(4, step().map(List::of)), Tuple.of(4, togetherStep()), Tuple.of(1, settledTogether()));
        Arbitrary<List<Step>> ending = Arbitraries.frequencyOf(
                Tuple.of(
                        1,
                        Arbitraries.just(List.of(
                                new Step(
                                        Party.SUPPLIER,
                                        id -> new TerminateContract(
                                                id, com.slaledger.api.UtcCalendar.day(receivedNow), "done"),
                                        "terminate"),
                                new Step(Party.CLIENT, SignContract::new, "sign after termination")))),
                Tuple.of(5, Arbitraries.just(List.<Step>of())));
        return Combinators.combine(
                        setupClause.list().ofMinSize(1).ofMaxSize(4),
                        signing,
                        moves.list().ofMaxSize(40),
                        ending)
                .as((setup, signatures, rest, end) -> {
                    List<Step> all = new java.util.ArrayList<>(setup);
                    all.addAll(signatures);
                    rest.forEach(all::addAll);
                    all.addAll(end);
                    return all;
                });
    }

    /** One party proposes a fill-in, reopen or amendment and the other agrees: the way versions move. */
    private Arbitrary<List<Step>> togetherStep() {
        return Combinators.combine(Arbitraries.of(Party.class), Arbitraries.of(CLAUSES), Arbitraries.of(0, 1, 2))
                .as((proposer, c, kind) -> {
                    Function<ContractId, Object> proposal = switch (kind) {
                        case 0 -> id -> new FillInClause(id, ClauseId.of(c), "Filled", null, new BigDecimal("5"));
                        case 1 ->
                            id -> new LeaveClauseOpen(
                                    id, ClauseId.of(c), "Heading", "Again", LocalDate.parse("2027-09-01"), null);
                        default ->
                            id -> new AmendClause(id, ClauseId.of(c), "Amended", null, new BigDecimal("3"), "pinches");
                    };
                    return List.of(
                            new Step(proposer, proposal, "propose " + kind + " " + c),
                            new Step(
                                    proposer.other(), id -> new AgreeToChange(id, ClauseId.of(c), null), "agree " + c));
                });
    }

    /**
     * A breach recorded by the client, its credit perhaps waived, then disputed by the supplier and
     * settled by the parties: one proposes, the other agrees.
     */
    private Arbitrary<List<Step>> settledTogether() {
        return Combinators.combine(
                        Arbitraries.of("b1", "b2", "b3", "b4", "b5", "b6"),
                        Arbitraries.of(CLAUSES),
                        Arbitraries.of(Party.class),
                        Arbitraries.of(SettlementOutcome.class),
                        Arbitraries.of(true, false))
                .as((b, clause, proposer, outcome, waive) -> {
                    List<Step> steps = new java.util.ArrayList<>();
                    steps.add(new Step(
                            Party.CLIENT,
                            id -> new RecordBreach(
                                    id,
                                    BreachId.of(b),
                                    ClauseId.of(clause),
                                    receivedNow.minus(Duration.ofHours(2)),
                                    null,
                                    "outage"),
                            "breach " + b));
                    if (waive) {
                        steps.add(new Step(
                                Party.CLIENT, id -> new WaiveCredit(id, BreachId.of(b), "partnership"), "waive " + b));
                    }
                    steps.add(new Step(
                            Party.SUPPLIER, id -> new DisputeBreach(id, BreachId.of(b), "not ours"), "dispute " + b));
                    steps.add(new Step(
                            proposer,
                            id -> new SettleDispute(id, BreachId.of(b), outcome, null),
                            "propose " + outcome + " " + b));
                    steps.add(new Step(
                            proposer.other(),
                            id -> new SettleDispute(id, BreachId.of(b), outcome, null),
                            "settle " + outcome + " " + b));
                    return steps;
                });
    }

    private Arbitrary<Step> step() {
        Arbitrary<Party> party = Arbitraries.of(Party.class);
        Arbitrary<String> clause = Arbitraries.of(CLAUSES);
        Arbitrary<String> breachId = Arbitraries.of("b1", "b2", "b3", "b4", "b5", "b6");
        Arbitrary<BigDecimal> credit =
                Arbitraries.of("0", "2.5", "5", "8", "150").map(BigDecimal::new);
        // Seconds before the step's receipt: mostly in the days before, now and then after (refused).
        Arbitrary<Long> before = Arbitraries.longs().between(-3600, 20L * 24 * 3600);
        Arbitrary<SettlementOutcome> outcome = Arbitraries.of(SettlementOutcome.class);
        Arbitrary<Function<ContractId, Object>> command = Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Combinators.combine(clause, credit)
                                .as((c, pct) ->
                                        id -> new DraftClause(id, ClauseId.of(c), "Heading", "Text", null, null, pct))),
                Tuple.of(
                        3,
                        clause.map(c -> id -> new LeaveClauseOpen(
                                id, ClauseId.of(c), "Heading", "Intent", LocalDate.parse("2027-03-01"), null))),
                Tuple.of(
                        4,
                        Combinators.combine(clause, credit)
                                .as((c, pct) -> id -> new FillInClause(id, ClauseId.of(c), "Filled", null, pct))),
                Tuple.of(
                        2,
                        Combinators.combine(clause, credit)
                                .as((c, pct) ->
                                        id -> new AmendClause(id, ClauseId.of(c), "Amended", null, pct, "pinches"))),
                Tuple.of(4, Arbitraries.just(id -> new SignContract(id))),
                Tuple.of(5, clause.map(c -> id -> new AgreeToChange(id, ClauseId.of(c), null))),
                Tuple.of(1, clause.map(c -> id -> new RejectChange(id, ClauseId.of(c), null))),
                Tuple.of(
                        6,
                        Combinators.combine(breachId, clause, before)
                                .as((b, c, seconds) -> id -> new RecordBreach(
                                        id,
                                        BreachId.of(b),
                                        ClauseId.of(c),
                                        receivedNow.minusSeconds(seconds),
                                        null,
                                        "outage"))),
                Tuple.of(1, breachId.map(b -> id -> new WaiveCredit(id, BreachId.of(b), "partnership"))),
                Tuple.of(2, breachId.map(b -> id -> new DisputeBreach(id, BreachId.of(b), "not our fault"))),
                Tuple.of(
                        3,
                        Combinators.combine(breachId, outcome)
                                .as((b, o) -> id -> new SettleDispute(id, BreachId.of(b), o, null))),
                Tuple.of(
                        1,
                        Arbitraries.integers()
                                .between(0, 11)
                                .map(score ->
                                        id -> new RecordSatisfaction(id, YearMonth.of(2026, 12), score, true, null))));
        return Combinators.combine(party, command)
                .as((p, c) -> new Step(p, c, "command"))
                .map(step -> new Step(
                        step.party(),
                        step.command(),
                        step.command().apply(ContractId.of("label")).toString()));
    }

    private static boolean send(Party party, Object command) {
        return CONTRACTS.send(party, command, receivedNow) == null;
    }

    private static List<DomainEventMessage<?>> events(ContractId id) {
        return CONTRACTS.events(id);
    }
}
