package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static com.slaledger.contract.Rejections.rejectedWith;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ClauseId;
import com.slaledger.api.Measurement;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.command.DisputeBreach;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.SettleDispute;
import com.slaledger.api.command.WaiveCredit;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.CreditExplanation;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BreachesAndCreditsTest {

    private static final Money FEE = Money.of("10000.00", "EUR");
    private static final Money AT_RISK = Money.of("1200.00", "EUR");
    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);

    private AggregateTestFixture<Contract> fixture;

    @BeforeEach
    void setUp() {
        fixture = ContractScenario.fixture();
    }

    private ContractScenario active() {
        return aContract().withAgreedClause().withOpenClause(RESPONSE_TIME).signed();
    }

    private static BreachRecorded credited(
            RecordBreach breach, String before, String uncapped, String credited, boolean capped) {
        YearMonth month = YearMonth.from(breach.occurredAt().atZone(java.time.ZoneOffset.UTC));
        return new BreachRecorded(
                CONTRACT,
                breach.breachId(),
                breach.clauseId(),
                breach.occurredAt(),
                breach.measured(),
                breach.description(),
                BreachTreatment.CREDITED,
                new CreditExplanation(
                        month,
                        new BigDecimal("5"),
                        FEE,
                        new BigDecimal("12"),
                        AT_RISK,
                        Money.of(before, "EUR"),
                        Money.of(uncapped, "EUR"),
                        Money.of(credited, "EUR"),
                        capped));
    }

    /** The open response-time clause filled in with a 2.5 % credit, agreed at the scenario's NOW. */
    private ContractScenario filledInAtNow() {
        return active().withFillInAgreed(RESPONSE_TIME);
    }

    @Test
    void aBreachThatOccurredWhileTheClauseWasOpenIsExperienceHoweverLateItIsRecorded() {
        RecordBreach earlier = breach("b-open", RESPONSE_TIME, "2026-12-15T02:00:00Z");
        fixture.given(filledInAtNow().events())
                .when(earlier, issuedBy(Party.CLIENT, NOW.plusSeconds(3600), null))
                .expectEvents(new BreachRecorded(
                        CONTRACT,
                        earlier.breachId(),
                        RESPONSE_TIME,
                        earlier.occurredAt(),
                        earlier.measured(),
                        earlier.description(),
                        BreachTreatment.EXPERIENCE,
                        null));
    }

    @Test
    void aBreachAfterTheFillInIsCreditedOnItsTerms() {
        RecordBreach later =
                breach("b-filled", RESPONSE_TIME, NOW.plusSeconds(60).toString());
        fixture.given(filledInAtNow().events())
                .when(later, issuedBy(Party.CLIENT, NOW.plusSeconds(3600), null))
                .expectEventsMatching(exactSequenceOf(
                        matches(m -> ((BreachRecorded) m.getPayload()).treatment() == BreachTreatment.CREDITED
                                && ((BreachRecorded) m.getPayload())
                                                .credit()
                                                .creditPercent()
                                                .compareTo(new BigDecimal("2.5"))
                                        == 0),
                        andNoMore()));
    }

    @Test
    void aBreachBeforeAnAmendmentEarnsTheCreditPercentThenInForce() {
        RecordBreach before = breach("b-before", AVAILABILITY, "2026-12-03T02:00:00Z");
        ContractScenario amended = active().then(
                        Party.SUPPLIER,
                        new com.slaledger.api.command.AmendClause(
                                CONTRACT, AVAILABILITY, "99.5 % a month.", null, new BigDecimal("1"), "pinches"))
                .then(Party.CLIENT, new com.slaledger.api.command.AgreeToChange(CONTRACT, AVAILABILITY, null));
        fixture.given(amended.events())
                .when(before, issuedBy(Party.CLIENT, NOW.plusSeconds(3600), null))
                .expectEvents(credited(before, "0.00", "500.00", "500.00", false));
    }

    @Test
    void aBreachBeforeAClauseEnteredTheContractIsRefused() {
        ContractScenario added = active().then(Party.SUPPLIER, helpdeskClause())
                .then(Party.CLIENT, new com.slaledger.api.command.AgreeToChange(CONTRACT, HELPDESK, null));
        fixture.given(added.events())
                .when(breach("b-early", HELPDESK, "2026-12-03T02:00:00Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_NOT_IN_FORCE))
                .expectExceptionMessage(
                        "clause helpdesk-hours was not in force at 2026-12-03T02:00:00Z; it is in force since " + NOW)
                .expectNoEvents();
        fixture.given(active().then(Party.SUPPLIER, helpdeskClause()).events())
                .when(breach("b-proposed", HELPDESK, "2026-12-03T02:00:00Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_NOT_FOUND))
                .expectNoEvents();
    }

    private static RecordBreach measured(String breachId, String occurredAt, String value, ServiceLevel.Unit unit) {
        return new RecordBreach(
                CONTRACT,
                BreachId.of(breachId),
                AVAILABILITY,
                Instant.parse(occurredAt),
                new Measurement(new BigDecimal(value), unit),
                "monitoring");
    }

    @Test
    void aMeasuredValueThatMeetsTheServiceLevelIsNoBreach() {
        for (String value : new String[] {"99.8", "99.80", "99.95", "100"}) {
            fixture.given(active().events())
                    .when(
                            measured("b-met", "2026-12-03T02:00:00Z", value, ServiceLevel.Unit.PERCENT),
                            issuedBy(Party.CLIENT))
                    .expectException(rejectedWith(RejectionCode.LEVEL_MET))
                    .expectExceptionMessage("measured " + new BigDecimal(value).toPlainString()
                            + " PERCENT meets clause availability's service level in force at 2026-12-03T02:00:00Z"
                            + " (AVAILABILITY 99.8 PERCENT, higher is better): no breach")
                    .expectNoEvents();
        }
        RecordBreach justBelow = measured("b-missed", "2026-12-03T02:00:00Z", "99.79", ServiceLevel.Unit.PERCENT);
        fixture.given(active().events())
                .when(justBelow, issuedBy(Party.CLIENT))
                .expectEvents(credited(justBelow, "0.00", "500.00", "500.00", false));
    }

    @Test
    void aMeasuredValueInAnotherUnitThanTheServiceLevelIsRefused() {
        fixture.given(active().events())
                .when(
                        measured("b-minutes", "2026-12-03T02:00:00Z", "45", ServiceLevel.Unit.MINUTES),
                        issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.UNIT_MISMATCH))
                .expectExceptionMessage(
                        "the breach is measured in MINUTES; clause availability's service level in force"
                                + " at 2026-12-03T02:00:00Z is in PERCENT (AVAILABILITY 99.8 PERCENT)")
                .expectNoEvents();
    }

    @Test
    void aLateBreachIsHeldToTheServiceLevelInForceWhenItOccurred() {
        ServiceLevel relaxed = new ServiceLevel(
                ServiceLevel.Metric.AVAILABILITY,
                new BigDecimal("99.5"),
                ServiceLevel.Unit.PERCENT,
                ServiceLevel.Window.MONTH);
        ContractScenario amended = active().then(
                        Party.SUPPLIER,
                        new com.slaledger.api.command.AmendClause(
                                CONTRACT, AVAILABILITY, "99.5 % a month.", relaxed, new BigDecimal("5"), "pinches"))
                .then(Party.CLIENT, new com.slaledger.api.command.AgreeToChange(CONTRACT, AVAILABILITY, null));
        RecordBreach before = measured("b-before", "2026-12-03T02:00:00Z", "99.6", ServiceLevel.Unit.PERCENT);
        fixture.given(amended.events())
                .when(before, issuedBy(Party.CLIENT, NOW.plusSeconds(3600), null))
                .expectEvents(credited(before, "0.00", "500.00", "500.00", false));
        fixture.given(amended.events())
                .when(
                        measured("b-after", NOW.plusSeconds(60).toString(), "99.6", ServiceLevel.Unit.PERCENT),
                        issuedBy(Party.CLIENT, NOW.plusSeconds(3600), null))
                .expectException(rejectedWith(RejectionCode.LEVEL_MET))
                .expectNoEvents();
    }

    @Test
    void anOpenClauseOrOneWithoutServiceLevelTakesAnyMeasuredValue() {
        RecordBreach experience = new RecordBreach(
                CONTRACT,
                BreachId.of("b-exp"),
                RESPONSE_TIME,
                Instant.parse("2026-12-03T02:00:00Z"),
                new Measurement(new BigDecimal("1"), ServiceLevel.Unit.COUNT),
                "an incident");
        fixture.given(active().events())
                .when(experience, issuedBy(Party.CLIENT))
                .expectEventsMatching(exactSequenceOf(
                        matches(m -> ((BreachRecorded) m.getPayload()).treatment() == BreachTreatment.EXPERIENCE),
                        andNoMore()));
        RecordBreach helpdesk = new RecordBreach(
                CONTRACT,
                BreachId.of("b-help"),
                HELPDESK,
                NOW.plusSeconds(60),
                new Measurement(new BigDecimal("2"), ServiceLevel.Unit.DAYS),
                "answered late");
        ContractScenario added = active().then(Party.SUPPLIER, helpdeskClause())
                .then(Party.CLIENT, new com.slaledger.api.command.AgreeToChange(CONTRACT, HELPDESK, null));
        fixture.given(added.events())
                .when(helpdesk, issuedBy(Party.CLIENT, NOW.plusSeconds(3600), null))
                .expectEventsMatching(exactSequenceOf(
                        matches(m -> ((BreachRecorded) m.getPayload()).treatment() == BreachTreatment.CREDITED),
                        andNoMore()));
    }

    private static DraftClause helpdeskClause() {
        return new DraftClause(
                CONTRACT, HELPDESK, "Helpdesk", "Answered within a day.", null, null, new BigDecimal("3"));
    }

    @Test
    void aBreachOfAnAgreedClauseAccruesCreditPercentTimesTheMonthlyFee() {
        RecordBreach breach = breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z");
        fixture.given(active().events())
                .when(breach, issuedBy(Party.CLIENT))
                .expectEvents(credited(breach, "0.00", "500.00", "500.00", false));
    }

    @Test
    void creditsWithinAMonthAreCappedAtTheAtRiskAmount() {
        RecordBreach third = breach("b-3", AVAILABILITY, "2026-12-20T02:00:00Z");
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .then(Party.CLIENT, breach("b-2", AVAILABILITY, "2026-12-10T02:00:00Z"))
                        .events())
                .when(third, issuedBy(Party.CLIENT))
                .expectEvents(credited(third, "1000.00", "500.00", "200.00", true));
    }

    @Test
    void aFullMonthCreditsNothingMoreButStillRecordsTheBreach() {
        RecordBreach fourth = breach("b-4", AVAILABILITY, "2026-12-28T02:00:00Z");
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .then(Party.CLIENT, breach("b-2", AVAILABILITY, "2026-12-10T02:00:00Z"))
                        .then(Party.CLIENT, breach("b-3", AVAILABILITY, "2026-12-20T02:00:00Z"))
                        .events())
                .when(fourth, issuedBy(Party.CLIENT))
                .expectEvents(credited(fourth, "1200.00", "500.00", "0.00", true));
    }

    @Test
    void theNextMonthStartsWithAFreshCap() {
        RecordBreach january = breach("b-jan", AVAILABILITY, "2027-01-01T00:00:00Z");
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .then(Party.CLIENT, breach("b-2", AVAILABILITY, "2026-12-10T02:00:00Z"))
                        .then(Party.CLIENT, breach("b-3", AVAILABILITY, "2026-12-31T23:59:59Z"))
                        .events())
                .when(january, issuedBy(Party.CLIENT))
                .expectEvents(credited(january, "0.00", "500.00", "500.00", false));
    }

    @Test
    void aBreachOfAnOpenClauseIsRecordedAsExperienceWithoutCredit() {
        RecordBreach breach = breach("b-exp", RESPONSE_TIME, "2026-12-05T10:00:00Z");
        fixture.given(active().events())
                .when(breach, issuedBy(Party.CLIENT))
                .expectEvents(new BreachRecorded(
                        CONTRACT,
                        breach.breachId(),
                        RESPONSE_TIME,
                        breach.occurredAt(),
                        breach.measured(),
                        breach.description(),
                        BreachTreatment.EXPERIENCE,
                        null));
    }

    @Test
    void aBreachOfAClauseWithoutCreditPercentEarnsNoCredit() {
        RecordBreach breach = breach("b-nc", ClauseId.of("backups"), "2026-12-05T10:00:00Z");
        fixture.given(aContract()
                        .then(
                                Party.CLIENT,
                                new DraftClause(
                                        CONTRACT, ClauseId.of("backups"), "Backups", "Nightly.", null, null, null))
                        .signed()
                        .events())
                .when(breach, issuedBy(Party.CLIENT))
                .expectEvents(new BreachRecorded(
                        CONTRACT,
                        breach.breachId(),
                        breach.clauseId(),
                        breach.occurredAt(),
                        breach.measured(),
                        breach.description(),
                        BreachTreatment.NOT_CREDITED,
                        null));
    }

    @Test
    void aBreachIdIsRecordedOnce() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .events())
                .when(breach("b-1", AVAILABILITY, "2026-12-04T02:00:00Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.BREACH_EXISTS))
                .expectNoEvents();
    }

    @Test
    void aBreachOfAnUnknownClauseIsRefused() {
        fixture.given(active().events())
                .when(breach("b-1", ClauseId.of("coffee"), "2026-12-03T02:00:00Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void aBreachBeforeTheContractStartedIsRefused() {
        fixture.given(active().events())
                .when(breach("b-1", AVAILABILITY, "2026-11-30T23:59:59Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.BREACH_OUT_OF_TERM))
                .expectNoEvents();
    }

    @Test
    void aBreachCannotLieInTheFuture() {
        fixture.given(active().events())
                .when(breach("b-1", AVAILABILITY, "2027-01-20T09:00:01Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.BREACH_IN_FUTURE))
                .expectNoEvents();
    }

    @Test
    void breachesNeedAnActiveContract() {
        fixture.given(aContract().withAgreedClause().events())
                .when(breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CONTRACT_NOT_ACTIVE))
                .expectNoEvents();
    }

    @Test
    void theClientWaivesACredit() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .events())
                .when(
                        new WaiveCredit(CONTRACT, BreachId.of("b-1"), "first month, teething problems"),
                        issuedBy(Party.CLIENT))
                .expectEvents(new CreditWaived(
                        CONTRACT, BreachId.of("b-1"), Money.of("500.00", "EUR"), "first month, teething problems"));
    }

    @Test
    void onlyTheClientWaives() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .events())
                .when(new WaiveCredit(CONTRACT, BreachId.of("b-1"), "generous"), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.CLIENT_ONLY))
                .expectNoEvents();
    }

    @Test
    void experienceHasNoCreditToWaive() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", RESPONSE_TIME, "2026-12-03T02:00:00Z"))
                        .events())
                .when(new WaiveCredit(CONTRACT, BreachId.of("b-1"), "nothing"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_CREDIT))
                .expectNoEvents();
    }

    @Test
    void aWaivedCreditStillCountsTowardsTheCap() {
        RecordBreach third = breach("b-3", AVAILABILITY, "2026-12-20T02:00:00Z");
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .then(Party.CLIENT, new WaiveCredit(CONTRACT, BreachId.of("b-1"), "partnership"))
                        .then(Party.CLIENT, breach("b-2", AVAILABILITY, "2026-12-10T02:00:00Z"))
                        .events())
                .when(third, issuedBy(Party.CLIENT))
                .expectEvents(credited(third, "1000.00", "500.00", "200.00", true));
    }

    @Test
    void theSupplierDisputesABreach() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .events())
                .when(
                        new DisputeBreach(CONTRACT, BreachId.of("b-1"), "planned maintenance window"),
                        issuedBy(Party.SUPPLIER))
                .expectEvents(new BreachDisputed(CONTRACT, BreachId.of("b-1"), "planned maintenance window"));
    }

    @Test
    void onlyTheSupplierDisputes() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .events())
                .when(new DisputeBreach(CONTRACT, BreachId.of("b-1"), "?"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.SUPPLIER_ONLY))
                .expectNoEvents();
    }

    @Test
    void anUnknownBreachCannotBeDisputed() {
        fixture.given(active().events())
                .when(new DisputeBreach(CONTRACT, BreachId.of("b-404"), "?"), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.BREACH_NOT_FOUND))
                .expectNoEvents();
    }

    private ContractScenario disputed() {
        return active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                .then(Party.SUPPLIER, new DisputeBreach(CONTRACT, BreachId.of("b-1"), "planned maintenance"));
    }

    @Test
    void aBreachUnderDisputeIsNotDisputedAgain() {
        fixture.given(disputed().events())
                .when(new DisputeBreach(CONTRACT, BreachId.of("b-1"), "again"), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.ALREADY_DISPUTED))
                .expectExceptionMessage("breach b-1 is already under dispute")
                .expectNoEvents();
    }

    @Test
    void aSettledDisputeIsNotOpenedAgain() {
        fixture.given(disputed()
                        .then(
                                Party.SUPPLIER,
                                new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.UPHELD, null))
                        .then(
                                Party.CLIENT,
                                new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.UPHELD, null))
                        .events())
                .when(new DisputeBreach(CONTRACT, BreachId.of("b-1"), "new facts"), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.ALREADY_DISPUTED))
                .expectExceptionMessage("breach b-1's dispute was already settled: upheld")
                .expectNoEvents();
    }

    @Test
    void settlingADisputeStartsWithAProposal() {
        fixture.given(disputed().events())
                .when(
                        new SettleDispute(
                                CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, "it was announced"),
                        issuedBy(Party.SUPPLIER))
                .expectEvents(new DisputeSettlementProposed(
                        CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, "it was announced", Party.SUPPLIER));
    }

    @Test
    void theOtherPartyAgreeingSettlesTheDisputeAndAWithdrawalReleasesTheCredit() {
        fixture.given(disputed()
                        .then(
                                Party.SUPPLIER,
                                new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, null))
                        .events())
                .when(
                        new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, "agreed"),
                        issuedBy(Party.CLIENT))
                .expectEvents(new DisputeSettled(
                        CONTRACT,
                        BreachId.of("b-1"),
                        SettlementOutcome.WITHDRAWN,
                        "agreed",
                        Party.SUPPLIER,
                        Party.CLIENT,
                        Money.of("500.00", "EUR")));
    }

    @Test
    void aPartyCannotSettleOnItsOwnProposal() {
        fixture.given(disputed()
                        .then(
                                Party.SUPPLIER,
                                new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, null))
                        .events())
                .when(
                        new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, null),
                        issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.OWN_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void aSettlementNeedsAnOpenDispute() {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .events())
                .when(
                        new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.UPHELD, null),
                        issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NOT_DISPUTED))
                .expectNoEvents();
    }

    @Test
    void aWithdrawnBreachFreesItsPlaceUnderTheCap() {
        RecordBreach third = breach("b-3", AVAILABILITY, "2026-12-20T02:00:00Z");
        fixture.given(disputed()
                        .then(Party.CLIENT, breach("b-2", AVAILABILITY, "2026-12-10T02:00:00Z"))
                        .then(
                                Party.SUPPLIER,
                                new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, null))
                        .then(
                                Party.CLIENT,
                                new SettleDispute(CONTRACT, BreachId.of("b-1"), SettlementOutcome.WITHDRAWN, null))
                        .events())
                .when(third, issuedBy(Party.CLIENT))
                .expectEvents(credited(third, "500.00", "500.00", "500.00", false));
    }

    @Test
    void recordedLaterThanItOccurredKeepsBothTimes() {
        Instant occurred = Instant.parse("2026-12-03T02:00:00Z");
        RecordBreach breach =
                new RecordBreach(CONTRACT, BreachId.of("late"), AVAILABILITY, occurred, null, "found in logs");
        fixture.given(active().events())
                .when(breach, issuedBy(Party.CLIENT))
                .expectEventsMatching(exactSequenceOf(
                        matches((EventMessage<?> event) ->
                                event.getMetaData().get("issuedAt").equals(NOW.toString())
                                        && ((BreachRecorded) event.getPayload())
                                                .occurredAt()
                                                .equals(occurred)
                                        && ((BreachRecorded) event.getPayload())
                                                .credit()
                                                .month()
                                                .equals(DECEMBER)),
                        andNoMore()));
    }
}
