package com.slaledger.api;

import com.slaledger.api.command.*;
import com.slaledger.api.event.*;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** One fully populated instance of every command and event, for the approval tests and the JSON setup's. */
public final class Samples {

    static final ContractId CONTRACT = ContractId.of("SLA-ACME-HOSTING-2026");
    static final ClauseId CLAUSE = ClauseId.of("response-time");
    static final BreachId BREACH = BreachId.of("INC-4711");
    static final Money FEE = Money.of("12500.00", "EUR");
    static final ServiceLevel LEVEL = new ServiceLevel(
            ServiceLevel.Metric.RESPONSE_TIME,
            new BigDecimal("30"),
            ServiceLevel.Unit.MINUTES,
            ServiceLevel.Window.MONTH);
    static final LocalDate REVIEW_BY = LocalDate.parse("2027-03-01");

    private Samples() {}

    public static List<ContractCommand> commands() {
        return List.of(
                new DraftContract(
                        CONTRACT,
                        "acme",
                        "ACME Logistics",
                        "hostco",
                        "HostCo",
                        "Rented servers",
                        List.of("servers", "network"),
                        Ownership.SUPPLIER_OWNED,
                        FEE,
                        new BigDecimal("12"),
                        LocalDate.parse("2026-12-01"),
                        LocalDate.parse("2029-11-30")),
                new DraftClause(
                        CONTRACT,
                        CLAUSE,
                        "Response time",
                        "Within 30 minutes.",
                        "service-level",
                        LEVEL,
                        new BigDecimal("2.5")),
                new LeaveClauseOpen(
                        CONTRACT,
                        CLAUSE,
                        "Response time",
                        "Agree once we know the incidents.",
                        REVIEW_BY,
                        "service-level"),
                new SignContract(CONTRACT),
                new FillInClause(CONTRACT, CLAUSE, "Within 30 minutes.", LEVEL, new BigDecimal("2.5")),
                new AmendClause(CONTRACT, CLAUSE, "Within 45 minutes.", LEVEL, new BigDecimal("2.0"), "pinches"),
                new AgreeToChange(CONTRACT, CLAUSE, "fair"),
                new RejectChange(CONTRACT, CLAUSE, "too slow"),
                new RecordBreach(
                        CONTRACT,
                        BREACH,
                        CLAUSE,
                        Instant.parse("2026-12-03T02:15:00Z"),
                        new Measurement(new BigDecimal("55"), ServiceLevel.Unit.MINUTES),
                        "P1 answered late"),
                new WaiveCredit(CONTRACT, BREACH, "partnership"),
                new DisputeBreach(CONTRACT, BREACH, "ticket was mis-prioritised"),
                new SettleDispute(CONTRACT, BREACH, SettlementOutcome.WITHDRAWN, "agreed in service review"),
                new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 8, true, "responsive team"),
                new TerminateContract(CONTRACT, LocalDate.parse("2029-11-30"), "end of term"),
                new MarkReviewDue(CONTRACT, CLAUSE, REVIEW_BY));
    }

    public static List<ContractEvent> events() {
        return List.of(
                new ContractDrafted(
                        CONTRACT,
                        new PartyRef("acme", "ACME Logistics"),
                        new PartyRef("hostco", "HostCo"),
                        "Rented servers",
                        List.of("servers"),
                        Ownership.SUPPLIER_OWNED,
                        FEE,
                        new BigDecimal("12"),
                        LocalDate.parse("2026-12-01"),
                        null),
                new ClauseDrafted(
                        CONTRACT, CLAUSE, "Response time", "Within 30 minutes.", null, LEVEL, new BigDecimal("2.5")),
                new ClauseLeftOpen(CONTRACT, CLAUSE, "Response time", "Agree once we know.", REVIEW_BY, null),
                new ClauseFilledIn(CONTRACT, CLAUSE, "Within 30 minutes.", LEVEL, new BigDecimal("2.5")),
                new ClauseAmended(CONTRACT, CLAUSE, "Within 45 minutes.", LEVEL, new BigDecimal("2.0"), "pinches"),
                new ContractSigned(CONTRACT, Party.SUPPLIER),
                new ContractActivated(CONTRACT, ContractVersion.FIRST),
                new ChangeProposed(
                        CONTRACT,
                        CLAUSE,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        null,
                        "Within 30 minutes.",
                        null,
                        null,
                        null,
                        LEVEL,
                        new BigDecimal("2.5"),
                        null),
                new ChangeAgreed(
                        CONTRACT,
                        CLAUSE,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        Party.CLIENT,
                        new ContractVersion(2, 0),
                        null,
                        "fair"),
                new ChangeRejected(CONTRACT, CLAUSE, ChangeKind.AMEND, Party.CLIENT, Party.SUPPLIER, "too strict"),
                new ReviewBecameDue(CONTRACT, CLAUSE, REVIEW_BY),
                new BreachRecorded(
                        CONTRACT,
                        BREACH,
                        CLAUSE,
                        Instant.parse("2026-12-03T02:15:00Z"),
                        new Measurement(new BigDecimal("55"), ServiceLevel.Unit.MINUTES),
                        "P1 answered late",
                        BreachTreatment.CREDITED,
                        new CreditExplanation(
                                YearMonth.of(2026, 12),
                                new BigDecimal("2.5"),
                                FEE,
                                new BigDecimal("12"),
                                Money.of("1500.00", "EUR"),
                                Money.of("1250.00", "EUR"),
                                Money.of("312.50", "EUR"),
                                Money.of("250.00", "EUR"),
                                true)),
                new CreditWaived(CONTRACT, BREACH, Money.of("250.00", "EUR"), "partnership"),
                new BreachDisputed(CONTRACT, BREACH, "mis-prioritised"),
                new DisputeSettlementProposed(
                        CONTRACT, BREACH, SettlementOutcome.WITHDRAWN, "see ticket", Party.SUPPLIER),
                new DisputeSettled(
                        CONTRACT,
                        BREACH,
                        SettlementOutcome.WITHDRAWN,
                        "agreed",
                        Party.SUPPLIER,
                        Party.CLIENT,
                        Money.of("250.00", "EUR")),
                new SatisfactionRecorded(CONTRACT, YearMonth.of(2026, 12), 8, true, "responsive"),
                new ContractTerminated(CONTRACT, LocalDate.parse("2029-11-30"), "end of term", Party.CLIENT));
    }
}
