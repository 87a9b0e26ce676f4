package com.slaledger.contract;

import com.slaledger.api.Actor;
import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Measurement;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * Test data in the domain's words: the seed's story of a client renting servers from a supplier.
 * A fee of 10,000.00 EUR a month with 12 % at risk caps each month's credits at 1,200.00 EUR.
 */
public final class ContractScenario {

    static final ContractId CONTRACT = ContractId.of("SLA-ACME-HOSTING-2026");
    static final ClauseId AVAILABILITY = ClauseId.of("availability");
    static final ClauseId RESPONSE_TIME = ClauseId.of("response-time");
    static final ClauseId HELPDESK = ClauseId.of("helpdesk-hours");
    static final LocalDate START = LocalDate.parse("2026-12-01");
    static final Instant NOW = Instant.parse("2027-01-20T09:00:00Z");
    static final ServiceLevel AVAILABILITY_998 = new ServiceLevel(
            ServiceLevel.Metric.AVAILABILITY,
            new BigDecimal("99.8"),
            ServiceLevel.Unit.PERCENT,
            ServiceLevel.Window.MONTH);
    static final ServiceLevel RESPONSE_30_MIN = new ServiceLevel(
            ServiceLevel.Metric.RESPONSE_TIME,
            new BigDecimal("30"),
            ServiceLevel.Unit.MINUTES,
            ServiceLevel.Window.MONTH);

    private static final AtomicLong COMMAND_IDS = new AtomicLong();

    private final ContractId id;
    private final List<CommandMessage<?>> commands = new ArrayList<>();
    private final List<EventMessage<?>> events = new ArrayList<>();
    private ContractView state;
    private String lastHash;

    private ContractScenario(ContractId id) {
        this.id = id;
    }

    /**
     * A fixture whose clock stands at {@link #NOW}: the given events and those a command applies
     * are stored at NOW, as the commands are received, so that which terms a late breach meets does
     * not depend on the day the test runs.
     */
    static AggregateTestFixture<Contract> fixture() {
        AggregateTestFixture<Contract> fixture = new AggregateTestFixture<>(Contract.class);
        fixture.givenCurrentTime(NOW);
        return fixture;
    }

    static ContractScenario aContract() {
        return aContract(CONTRACT);
    }

    static ContractScenario aContract(ContractId id) {
        return aContract(draftContract(id));
    }

    /** A contract drafted with these terms (another start, an end date). */
    static ContractScenario aContract(DraftContract draft) {
        return new ContractScenario(draft.contractId()).then(Party.CLIENT, draft);
    }

    /** A draft of {@link #CONTRACT} from {@link #START} whose term ends on {@code end}. */
    static ContractScenario aContractEnding(String end) {
        return aContract(draftContract(CONTRACT, "hostco", Money.of("10000.00", "EUR"), START, LocalDate.parse(end)));
    }

    static DraftContract draftContract() {
        return draftContract(CONTRACT);
    }

    /** A draft between acme and hostco starting {@link #START}; other test packages use it too. */
    public static DraftContract draftContract(ContractId id) {
        return draftContract(id, "hostco", Money.of("10000.00", "EUR"), START, null);
    }

    /** The same draft with acme's supplier, the fee or the term changed. */
    public static DraftContract draftContract(
            ContractId id, String supplierId, Money monthlyFee, LocalDate start, LocalDate end) {
        return new DraftContract(
                id,
                "acme",
                "ACME Logistics",
                supplierId,
                "HostCo Managed Services",
                "Rented servers and their operation",
                List.of("servers", "operating systems"),
                Ownership.SUPPLIER_OWNED,
                monthlyFee,
                new BigDecimal("12"),
                start,
                end);
    }

    static DraftClause availabilityClause() {
        return availabilityClause(CONTRACT);
    }

    static DraftClause availabilityClause(ContractId id) {
        return new DraftClause(
                id,
                AVAILABILITY,
                "Availability",
                "Servers are available 99.8 % of each month.",
                "service-level",
                AVAILABILITY_998,
                new BigDecimal("5"));
    }

    static LeaveClauseOpen openClause(ClauseId id) {
        return openClause(CONTRACT, id);
    }

    static LeaveClauseOpen openClause(ContractId contract, ClauseId id) {
        return new LeaveClauseOpen(
                contract,
                id,
                "Response time " + id,
                "We agree a response time once we know the incident pattern.",
                LocalDate.parse("2027-03-01"),
                null);
    }

    static FillInClause fillIn(ClauseId id) {
        return fillIn(CONTRACT, id);
    }

    static FillInClause fillIn(ContractId contract, ClauseId id) {
        return new FillInClause(
                contract,
                id,
                "Priority 1 incidents get a response within 30 minutes.",
                RESPONSE_30_MIN,
                new BigDecimal("2.5"));
    }

    static RecordBreach breach(String breachId, ClauseId clause, String occurredAt) {
        return breach(CONTRACT, breachId, clause, occurredAt);
    }

    /** A breach measured as missing the clause's level: 97.1 % availability, else a 55-minute answer. */
    static RecordBreach breach(ContractId contract, String breachId, ClauseId clause, String occurredAt) {
        return new RecordBreach(
                contract,
                BreachId.of(breachId),
                clause,
                Instant.parse(occurredAt),
                clause.equals(AVAILABILITY)
                        ? new Measurement(new BigDecimal("97.1"), ServiceLevel.Unit.PERCENT)
                        : new Measurement(new BigDecimal("55"), ServiceLevel.Unit.MINUTES),
                "Rack outage");
    }

    ContractScenario withAgreedClause() {
        return then(Party.CLIENT, availabilityClause(id));
    }

    ContractScenario withOpenClause(ClauseId clause) {
        return then(Party.SUPPLIER, openClause(id, clause));
    }

    ContractScenario signed() {
        return then(Party.CLIENT, new SignContract(id)).then(Party.SUPPLIER, new SignContract(id));
    }

    ContractScenario signedBy(Party party) {
        return then(party, new SignContract(id));
    }

    ContractScenario withFillInAgreed(ClauseId clause) {
        return then(Party.SUPPLIER, fillIn(id, clause)).then(Party.CLIENT, new AgreeToChange(id, clause, null));
    }

    ContractScenario withBreach(String breachId, ClauseId clause, String occurredAt) {
        return then(Party.CLIENT, breach(id, breachId, clause, occurredAt));
    }

    /** What happened next: the party's command and the facts it stands for. */
    ContractScenario then(Party party, ContractCommand command) {
        CommandMessage<?> message = by(party, command);
        commands.add(message);
        Issuance issuance = Issuance.from(message.getMetaData());
        for (ContractEvent event : ScenarioFacts.of(state, command, party)) {
            record(event, issuance);
        }
        return this;
    }

    /** The commands, for tests that send the story through the real gateway. */
    List<CommandMessage<?>> commands() {
        return List.copyOf(commands);
    }

    /**
     * The facts, for fixtures to start from ({@code given(events)}): later-stage tests do not replay
     * commands, so a change to a drafting rule cannot break a breach test.
     */
    List<EventMessage<?>> events() {
        return List.copyOf(events);
    }

    /** The events with the metadata the aggregate gives them: issuance, hash chain, version. */
    private void record(ContractEvent event, Issuance issuance) {
        long sequence = events.size();
        state = ContractFold.apply(state, event, new ContractFold.Stamp(sequence, issuance.receivedAt()));
        MetaData metaData = ChainMetadata.forEvent(event, sequence, issuance, state.version(), lastHash);
        events.add(new GenericEventMessage<>(event, metaData));
        lastHash = metaData.get(ChainMetadata.HASH).toString();
    }

    /**
     * What the aggregate holds of a view the read models' fold gives: the same, each breach as
     * decisions need it ({@link ContractFold#applyForDecisions}).
     */
    static ContractView heldForDecisions(ContractView view) {
        return view.withBreaches(
                view.breaches().stream().map(BreachView::forDecisions).toList());
    }

    static CommandMessage<?> byClient(Object command) {
        return by(Party.CLIENT, command);
    }

    static CommandMessage<?> bySupplier(Object command) {
        return by(Party.SUPPLIER, command);
    }

    static CommandMessage<?> by(Party party, Object command) {
        return GenericCommandMessage.asCommandMessage(command).withMetaData(issuedBy(party));
    }

    static MetaData issuedBy(Party party) {
        return issuedBy(party, NOW, null);
    }

    static MetaData issuedBy(Party party, Instant at, Long expectedVersion) {
        String actor = party == Party.CLIENT ? "it-manager@acme.example" : "servicedesk@hostco.example";
        return new Issuance("cmd-" + COMMAND_IDS.incrementAndGet(), new Actor(party, actor), at, expectedVersion, null)
                .toMetaData();
    }
}
