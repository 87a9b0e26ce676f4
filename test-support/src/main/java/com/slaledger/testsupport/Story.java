package com.slaledger.testsupport;

import com.slaledger.api.*;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.event.*;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Event envelopes as contract-service publishes them (sequence, hash chain, version), written in
 * the domain's words, so projection and verifier tests need no contract-service.
 */
public final class Story {

    public static final ClauseId AVAILABILITY = ClauseId.of("availability");
    public static final ClauseId RESPONSE_TIME = ClauseId.of("response-time");
    public static final ClauseId HELPDESK = ClauseId.of("helpdesk");
    public static final Money FEE = Money.of("10000.00", "EUR");
    public static final ServiceLevel RESPONSE_30 = new ServiceLevel(
            ServiceLevel.Metric.RESPONSE_TIME,
            new BigDecimal("30"),
            ServiceLevel.Unit.MINUTES,
            ServiceLevel.Window.MONTH);

    private final ContractId id;
    private final List<EventEnvelope> envelopes = new ArrayList<>();
    private Instant clock = Instant.parse("2026-12-01T09:00:00Z");
    private UnaryOperator<Instant> claim = UnaryOperator.identity();
    private String version;

    private Story(ContractId id) {
        this.id = id;
    }

    public static Story contract(String id, String clientId, String supplierId) {
        Story story = new Story(ContractId.of(id));
        return story.then(
                Party.CLIENT,
                new ContractDrafted(
                        story.id,
                        new PartyRef(clientId, clientId.toUpperCase()),
                        new PartyRef(supplierId, supplierId.toUpperCase()),
                        "Rented servers",
                        List.of("servers"),
                        Ownership.SUPPLIER_OWNED,
                        FEE,
                        new BigDecimal("12"),
                        LocalDate.parse("2026-12-01"),
                        null));
    }

    public static Story contract(String id) {
        return contract(id, "acme", "hostco");
    }

    /** The seed's story to SLA 2.0: one agreed clause, one open clause filled in together. */
    public static Story toTwoPointZero(String id, String clientId, String supplierId) {
        return contract(id, clientId, supplierId)
                .agreedClause(AVAILABILITY, "5")
                .openClause(RESPONSE_TIME)
                .signed()
                .creditedBreach("b-1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
                .experience("b-2", RESPONSE_TIME, "2026-12-04T02:00:00Z")
                .fillInTogether(RESPONSE_TIME, new ContractVersion(2, 0));
    }

    /**
     * What the senders of the events that follow claim as their time (the command's {@code issuedAt},
     * the envelope's {@code occurredAt}), from each event's storage time. By default the same.
     */
    public Story claiming(UnaryOperator<Instant> claim) {
        this.claim = claim;
        return this;
    }

    public Story at(String instant) {
        clock = Instant.parse(instant);
        return this;
    }

    public Story agreedClause(ClauseId clause, String creditPercent) {
        return then(
                Party.CLIENT,
                new ClauseDrafted(
                        id, clause, "Availability", "99.8 % a month.", null, null, new BigDecimal(creditPercent)));
    }

    public Story openClause(ClauseId clause) {
        return then(
                Party.SUPPLIER,
                new ClauseLeftOpen(
                        id,
                        clause,
                        "Response time",
                        "Agree once we know the incidents.",
                        LocalDate.parse("2027-03-01"),
                        null));
    }

    public Story signed() {
        then(Party.CLIENT, new ContractSigned(id, Party.CLIENT));
        then(Party.SUPPLIER, new ContractSigned(id, Party.SUPPLIER));
        return then(Party.SUPPLIER, new ContractActivated(id, ContractVersion.FIRST));
    }

    public Story fillInTogether(ClauseId clause, ContractVersion reached) {
        then(
                Party.SUPPLIER,
                new ChangeProposed(
                        id,
                        clause,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        null,
                        "P1 within 30 minutes.",
                        null,
                        null,
                        null,
                        RESPONSE_30,
                        new BigDecimal("2.5"),
                        null));
        return then(
                Party.CLIENT,
                new ChangeAgreed(id, clause, ChangeKind.FILL_IN, Party.SUPPLIER, Party.CLIENT, reached, null, null));
    }

    /** The client proposes to reopen a clause, in the words of {@code reopen}, and the supplier agrees. */
    public Story reopenTogether(LeaveClauseOpen reopen, ContractVersion reached) {
        then(Party.CLIENT, ChangeProposed.leaveOpen(reopen, Party.CLIENT, true));
        return then(
                Party.SUPPLIER,
                new ChangeAgreed(
                        id,
                        reopen.clauseId(),
                        ChangeKind.REOPEN,
                        Party.CLIENT,
                        Party.SUPPLIER,
                        reached,
                        reopen.reviewBy(),
                        null));
    }

    public Story creditedBreach(
            String breachId, String occurredAt, String before, String uncapped, String credited, boolean capped) {
        Instant at = Instant.parse(occurredAt);
        return then(
                Party.CLIENT,
                new BreachRecorded(
                        id,
                        BreachId.of(breachId),
                        AVAILABILITY,
                        at,
                        null,
                        "outage",
                        BreachTreatment.CREDITED,
                        new CreditExplanation(
                                YearMonth.from(at.atZone(java.time.ZoneOffset.UTC)),
                                new BigDecimal("5"),
                                FEE,
                                new BigDecimal("12"),
                                Money.of("1200.00", "EUR"),
                                Money.of(before, "EUR"),
                                Money.of(uncapped, "EUR"),
                                Money.of(credited, "EUR"),
                                capped)));
    }

    public Story experience(String breachId, ClauseId clause, String occurredAt) {
        return then(
                Party.CLIENT,
                new BreachRecorded(
                        id,
                        BreachId.of(breachId),
                        clause,
                        Instant.parse(occurredAt),
                        null,
                        "slow answer",
                        BreachTreatment.EXPERIENCE,
                        null));
    }

    /**
     * A breach recorded by the shared rules on the contract so far: experience where the clause was
     * open when it occurred, a capped credit where it was agreed with a credit %. {@code value} null records no
     * measurement.
     */
    public Story breach(String breachId, ClauseId clause, String occurredAt, String value, ServiceLevel.Unit unit) {
        com.slaledger.api.view.ContractView view = com.slaledger.api.view.ContractFold.replay(envelopes);
        Instant at = Instant.parse(occurredAt);
        com.slaledger.api.view.SlaRules.Judgement judged = com.slaledger.api.view.SlaRules.judge(
                        view, view.clause(clause).orElseThrow(), at)
                .orElseThrow();
        return then(
                Party.CLIENT,
                new BreachRecorded(
                        id,
                        BreachId.of(breachId),
                        clause,
                        at,
                        value == null ? null : new com.slaledger.api.Measurement(new BigDecimal(value), unit),
                        "breach " + breachId,
                        judged.treatment(),
                        judged.credit()));
    }

    /** The client waives a breach's credit. */
    public Story waived(String breachId, String amount, String reason) {
        return then(Party.CLIENT, new CreditWaived(id, BreachId.of(breachId), Money.of(amount, "EUR"), reason));
    }

    /** The supplier disputes a breach. */
    public Story disputed(String breachId, String reason) {
        return then(Party.SUPPLIER, new BreachDisputed(id, BreachId.of(breachId), reason));
    }

    /**
     * The supplier's dispute settled by the client: the breach withdrawn, its credit with it (null
     * for a breach that had none, such as experience).
     */
    public Story withdrawn(String breachId, String credit) {
        return then(
                Party.CLIENT,
                new DisputeSettled(
                        id,
                        BreachId.of(breachId),
                        SettlementOutcome.WITHDRAWN,
                        "agreed",
                        Party.SUPPLIER,
                        Party.CLIENT,
                        credit == null ? null : Money.of(credit, "EUR")));
    }

    public Story satisfaction(String period, int score, boolean recommend) {
        return then(Party.CLIENT, new SatisfactionRecorded(id, YearMonth.parse(period), score, recommend, null));
    }

    public Story then(Party party, ContractEvent event) {
        long sequence = envelopes.size();
        String previous = envelopes.isEmpty()
                ? null
                : envelopes.get(sequence == 0 ? 0 : (int) sequence - 1).hash();
        if (event instanceof ContractActivated a) {
            version = a.version().toString();
        } else if (event instanceof ChangeAgreed a) {
            version = a.contractVersion().toString();
        }
        clock = clock.plusSeconds(3600);
        EventEnvelope unhashed = new EventEnvelope(
                UUID.randomUUID().toString(),
                event.type(),
                1,
                id.value(),
                sequence,
                claim.apply(clock),
                clock,
                new Actor(party, party.name().toLowerCase() + "@example"),
                "cmd-" + UUID.randomUUID(),
                null,
                version,
                previous,
                null,
                HashChain.stored(event),
                clock,
                HashChain.CURRENT_VERSION);
        envelopes.add(unhashed.withHash(HashChain.hash(ChainedEvent.of(unhashed))));
        return this;
    }

    public List<EventEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    public String id() {
        return id.value();
    }
}
