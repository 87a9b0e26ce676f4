package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static com.slaledger.contract.Rejections.rejectedWith;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.PartyRef;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.event.ClauseAmended;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractDrafted;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DraftingTest {

    private AggregateTestFixture<Contract> fixture;

    @BeforeEach
    void setUp() {
        fixture = ContractScenario.fixture();
    }

    @Test
    void draftsAContractBetweenOneClientAndOneSupplier() {
        DraftContract draft = draftContract();
        fixture.givenNoPriorActivity()
                .when(draft, issuedBy(Party.CLIENT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ContractDrafted(
                        CONTRACT,
                        new PartyRef("acme", "ACME Logistics"),
                        new PartyRef("hostco", "HostCo Managed Services"),
                        draft.title(),
                        draft.scope(),
                        draft.ownership(),
                        draft.monthlyFee(),
                        draft.atRiskPercent(),
                        START,
                        null));
    }

    @Test
    void refusesASecondContractWithTheSameId() {
        fixture.given(aContract().events())
                .when(draftContract(), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.CONTRACT_EXISTS))
                .expectNoEvents();
    }

    @Test
    void refusesAFeeOfZero() {
        fixture.givenNoPriorActivity()
                .when(draftWith("hostco", Money.of("0.00", "EUR")), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectNoEvents();
    }

    @Test
    void refusesAContractWithItselfAsSupplier() {
        fixture.givenNoPriorActivity()
                .when(draftWith("acme", Money.of("100.00", "EUR")), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage(
                        "supplierId must differ from clientId: a contract is between a client and another party")
                .expectNoEvents();
    }

    @ParameterizedTest
    @CsvSource({
        "1000.5, JPY, monthlyFee.amount has more decimal places than JPY has (0)",
        "1000.001, EUR, monthlyFee.amount has more decimal places than EUR has (2)",
        "1000.1255, BHD, monthlyFee.amount has more decimal places than BHD has (3)",
        "100, XXX, monthlyFee.currency XXX has no minor unit",
        "100, XAU, monthlyFee.currency XAU has no minor unit",
    })
    void refusesAFeeFinerThanItsCurrencyOrInNoCurrency(String amount, String currency, String problem) {
        fixture.givenNoPriorActivity()
                .when(draftWith("hostco", Money.of(amount, currency)), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith(problem))
                .expectNoEvents();
    }

    @ParameterizedTest
    @CsvSource({"1000, JPY", "1000.125, BHD", "1000.12, EUR"})
    void takesAFeeToItsCurrencysMinorUnit(String amount, String currency) {
        fixture.givenNoPriorActivity()
                .when(draftWith("hostco", Money.of(amount, currency)), issuedBy(Party.CLIENT))
                .expectSuccessfulHandlerExecution();
    }

    /** The scenario's draft with another supplier, or for another fee. */
    private static DraftContract draftWith(String supplierId, Money fee) {
        return draftContract(CONTRACT, supplierId, fee, START, null);
    }

    @Test
    void refusesAnAtRiskPercentageAbove100() {
        DraftContract d = draftContract();
        DraftContract greedy = new DraftContract(
                d.contractId(),
                d.clientId(),
                d.clientName(),
                d.supplierId(),
                d.supplierName(),
                d.title(),
                d.scope(),
                d.ownership(),
                d.monthlyFee(),
                new BigDecimal("100.5"),
                d.startDate(),
                d.endDate());
        fixture.givenNoPriorActivity()
                .when(greedy, issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage("atRiskPercent must be between 0 and 100")
                .expectNoEvents();
    }

    @Test
    void refusesAnEndDateBeforeTheStartDate() {
        DraftContract d = draftContract();
        DraftContract backwards = new DraftContract(
                d.contractId(),
                d.clientId(),
                d.clientName(),
                d.supplierId(),
                d.supplierName(),
                d.title(),
                d.scope(),
                d.ownership(),
                d.monthlyFee(),
                d.atRiskPercent(),
                d.startDate(),
                d.startDate().minusDays(1));
        fixture.givenNoPriorActivity()
                .when(backwards, issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectNoEvents();
    }

    @Test
    void refusesAContractIdOutsideThePattern() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContractId.of("has spaces"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContractId.of("x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThat(ContractId.isWellFormed("SLA-ACME_2026.v1"))
                .isTrue();
    }

    @Test
    void namesEveryMissingFieldOfADraft() {
        fixture.givenNoPriorActivity()
                .when(
                        new DraftContract(
                                CONTRACT,
                                null,
                                "",
                                "hostco",
                                "HostCo",
                                "t",
                                List.of(),
                                null,
                                Money.of("1.00", "EUR"),
                                null,
                                null,
                                null),
                        issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage("clientId is required; clientName is required; ownership is required; "
                        + "atRiskPercent is required; startDate is required");
    }

    @Test
    void draftsAClause() {
        fixture.given(aContract().events())
                .when(availabilityClause(), issuedBy(Party.SUPPLIER))
                .expectEvents(new ClauseDrafted(
                        CONTRACT,
                        AVAILABILITY,
                        "Availability",
                        "Servers are available 99.8 % of each month.",
                        "service-level",
                        AVAILABILITY_998,
                        new BigDecimal("5")));
    }

    @Test
    void refusesADuplicateClauseId() {
        fixture.given(aContract().withAgreedClause().events())
                .when(availabilityClause(), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.CLAUSE_EXISTS))
                .expectNoEvents();
    }

    @Test
    void refusesAClauseWithoutText() {
        fixture.given(aContract().events())
                .when(
                        new DraftClause(CONTRACT, AVAILABILITY, "Availability", " ", null, null, null),
                        issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage("text is required");
    }

    @Test
    void leavesAClauseOpenWithIntentAndReviewByDate() {
        LeaveClauseOpen open = openClause(RESPONSE_TIME);
        fixture.given(aContract().events())
                .when(open, issuedBy(Party.SUPPLIER))
                .expectEvents(new ClauseLeftOpen(
                        CONTRACT, RESPONSE_TIME, open.heading(), open.intent(), open.reviewBy(), null));
    }

    @Test
    void aReviewByDateAfterTheTermIsRefusedOnTheLastDayItIsTaken() {
        ContractScenario ending = aContractEnding("2027-06-30");
        LeaveClauseOpen lastDay = new LeaveClauseOpen(
                CONTRACT, RESPONSE_TIME, "Response time", "learn first", LocalDate.parse("2027-06-30"), null);
        fixture.given(ending.events()).when(lastDay, issuedBy(Party.SUPPLIER)).expectEvents(ClauseLeftOpen.of(lastDay));
        fixture.given(ending.events())
                .when(
                        new LeaveClauseOpen(
                                CONTRACT,
                                RESPONSE_TIME,
                                "Response time",
                                "learn first",
                                LocalDate.parse("2027-07-01"),
                                null),
                        issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.REVIEW_BY_AFTER_TERM))
                .expectExceptionMessage("reviewBy 2027-07-01 lies after the term 2026-12-01 to 2027-06-30")
                .expectNoEvents();
    }

    @Test
    void aReviewByDateAlreadyPassedIsTakenForAContractEnteredAfterTheFact() {
        LeaveClauseOpen passed =
                new LeaveClauseOpen(CONTRACT, RESPONSE_TIME, "Response time", "learn first", START.plusDays(10), null);
        fixture.given(aContract().events())
                .when(passed, issuedBy(Party.SUPPLIER))
                .expectEvents(ClauseLeftOpen.of(passed));
    }

    @Test
    void refusesAnOpenClauseWithoutIntentOrReviewByDate() {
        fixture.given(aContract().events())
                .when(
                        new LeaveClauseOpen(CONTRACT, RESPONSE_TIME, "Response time", null, null, null),
                        issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage("intent is required; reviewBy is required");
    }

    @Test
    void fillsInAnOpenClauseDirectlyWhileDrafting() {
        fixture.given(aContract().withOpenClause(RESPONSE_TIME).events())
                .when(fillIn(RESPONSE_TIME), issuedBy(Party.CLIENT))
                .expectEvents(new ClauseFilledIn(
                        CONTRACT, RESPONSE_TIME, fillIn(RESPONSE_TIME).text(), RESPONSE_30_MIN, new BigDecimal("2.5")));
    }

    @Test
    void refusesToFillInAClauseThatIsNotOpen() {
        fixture.given(aContract().withAgreedClause().events())
                .when(fillIn(AVAILABILITY), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_NOT_OPEN))
                .expectNoEvents();
    }

    @Test
    void refusesToFillInAnUnknownClause() {
        fixture.given(aContract().events())
                .when(fillIn(ClauseId.of("nope")), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void amendsFreelyBeforeActivation() {
        AmendClause amend = new AmendClause(
                CONTRACT,
                AVAILABILITY,
                "99.5 % per month.",
                AVAILABILITY_998,
                new BigDecimal("4"),
                "99.8 is not feasible on this hardware");
        fixture.given(aContract().withAgreedClause().events())
                .when(amend, issuedBy(Party.SUPPLIER))
                .expectEvents(new ClauseAmended(
                        CONTRACT, AVAILABILITY, amend.text(), AVAILABILITY_998, new BigDecimal("4"), amend.reason()));
    }

    @Test
    void refusesAnAmendmentThatLeavesTheClauseAsItIs() {
        AmendClause same = new AmendClause(
                CONTRACT,
                AVAILABILITY,
                availabilityClause().text(),
                new com.slaledger.api.ServiceLevel(
                        AVAILABILITY_998.metric(),
                        new BigDecimal("99.80"),
                        AVAILABILITY_998.unit(),
                        AVAILABILITY_998.window()),
                new BigDecimal("5.0"),
                "pinches");
        fixture.given(aContract().withAgreedClause().signed().events())
                .when(same, issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.NO_CHANGE))
                .expectExceptionMessage(
                        "the amendment leaves clause availability as it is: the same text, service level and credit %")
                .expectNoEvents();
        fixture.given(aContract().withAgreedClause().events())
                .when(same, issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.NO_CHANGE))
                .expectNoEvents();
    }

    @Test
    void refusesToAmendAnOpenClause() {
        fixture.given(aContract().withOpenClause(RESPONSE_TIME).events())
                .when(new AmendClause(CONTRACT, RESPONSE_TIME, "x", null, null, "why"), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.CLAUSE_IS_OPEN))
                .expectNoEvents();
    }

    @Test
    void refusesClauseChangesOnceOnePartyHasSigned() {
        fixture.given(aContract().withAgreedClause().signedBy(Party.CLIENT).events())
                .when(openClause(HELPDESK), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.SIGNING_IN_PROGRESS))
                .expectNoEvents();
    }

    @Test
    void refusesCommandsOnAContractThatDoesNotExist() {
        fixture.givenNoPriorActivity()
                .when(availabilityClause(), issuedBy(Party.CLIENT))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
    }

    @Test
    void refusesACommandWithoutAParty() {
        fixture.given(aContract().events())
                .when(
                        availabilityClause(),
                        new Issuance("c-1", com.slaledger.api.Actor.system("x"), NOW, null, null).toMetaData())
                .expectException(rejectedWith(RejectionCode.NOT_ALLOWED))
                .expectNoEvents();
    }
}
