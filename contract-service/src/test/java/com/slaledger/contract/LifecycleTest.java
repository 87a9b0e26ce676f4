package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static com.slaledger.contract.Rejections.rejectedWith;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;

import com.slaledger.api.Actor;
import com.slaledger.api.BreachId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.DisputeBreach;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.MarkReviewDue;
import com.slaledger.api.command.RecordSatisfaction;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.command.TerminateContract;
import com.slaledger.api.command.WaiveCredit;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.api.event.SatisfactionRecorded;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

    private static final LocalDate REVIEW_BY = LocalDate.parse("2027-03-01");

    private AggregateTestFixture<Contract> fixture;

    @BeforeEach
    void setUp() {
        fixture = ContractScenario.fixture();
    }

    private ContractScenario active() {
        return aContract().withAgreedClause().withOpenClause(RESPONSE_TIME).signed();
    }

    @Test
    void theClientRecordsSatisfactionPerPeriod() {
        fixture.given(active().events())
                .when(
                        new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 8, true, "responsive"),
                        issuedBy(Party.CLIENT))
                .expectEvents(new SatisfactionRecorded(CONTRACT, YearMonth.of(2026, 12), 8, true, "responsive"));
    }

    @Test
    void onlyTheClientRecordsSatisfaction() {
        fixture.given(active().events())
                .when(
                        new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 10, true, null),
                        issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.CLIENT_ONLY))
                .expectNoEvents();
    }

    @Test
    void aScoreLiesBetweenOneAndTen() {
        fixture.given(active().events())
                .when(new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 11, true, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectExceptionMessage("score must be between 1 and 10")
                .expectNoEvents();
    }

    @Test
    void aPeriodIsRatedOnce() {
        fixture.given(active().then(
                                Party.CLIENT, new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 8, true, null))
                        .events())
                .when(new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 3, false, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.PERIOD_ALREADY_RATED))
                .expectNoEvents();
    }

    @Test
    void aPeriodOutsideTheTermIsNotRated() {
        DraftContract oneYear = draftContract(
                CONTRACT,
                "hostco",
                draftContract().monthlyFee(),
                LocalDate.parse("2026-03-15"),
                LocalDate.parse("2026-09-14"));
        ContractScenario active = aContract(oneYear).withAgreedClause().signed();
        fixture.given(active.events())
                .when(new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 2), 8, true, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.PERIOD_OUT_OF_TERM))
                .expectExceptionMessage("the period 2026-02 lies outside the term 2026-03-15 to 2026-09-14")
                .expectNoEvents();
        fixture.given(active.events())
                .when(new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 10), 8, true, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.PERIOD_OUT_OF_TERM))
                .expectNoEvents();
        fixture.given(active.events())
                .when(new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 9), 8, true, null), issuedBy(Party.CLIENT))
                .expectEvents(new SatisfactionRecorded(CONTRACT, YearMonth.of(2026, 9), 8, true, null));
    }

    @Test
    void aPeriodIsRatedOnceItHasBegunByTheServicesClock() {
        Instant received = Instant.parse("2027-01-31T23:59:59Z");
        fixture.given(active().events())
                .when(
                        new RecordSatisfaction(CONTRACT, YearMonth.of(2027, 2), 8, true, null),
                        issuedBy(Party.CLIENT, received, null))
                .expectException(rejectedWith(RejectionCode.PERIOD_IN_FUTURE))
                .expectExceptionMessage("the period 2027-02 has not begun; it is 2027-01 at the recording, " + received)
                .expectNoEvents();
        fixture.given(active().events())
                .when(
                        new RecordSatisfaction(CONTRACT, YearMonth.of(2027, 1), 8, true, null),
                        issuedBy(Party.CLIENT, received, null))
                .expectEvents(new SatisfactionRecorded(CONTRACT, YearMonth.of(2027, 1), 8, true, null));
    }

    @Test
    void anActiveContractIsNotTerminatedBeforeItsTermStarts() {
        fixture.given(active().events())
                .when(new TerminateContract(CONTRACT, START.minusDays(1), "backdated"), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.TERMINATION_BEFORE_START))
                .expectExceptionMessage("the termination on 2026-11-30 lies before the term starts on 2026-12-01")
                .expectNoEvents();
        fixture.given(active().events())
                .when(new TerminateContract(CONTRACT, START, "at once"), issuedBy(Party.SUPPLIER))
                .expectEvents(new ContractTerminated(CONTRACT, START, "at once", Party.SUPPLIER));
    }

    @Test
    void aDraftIsDroppedBeforeItsStartDate() {
        fixture.given(aContract().withAgreedClause().events())
                .when(new TerminateContract(CONTRACT, START.minusMonths(1), "never mind"), issuedBy(Party.CLIENT))
                .expectEvents(new ContractTerminated(CONTRACT, START.minusMonths(1), "never mind", Party.CLIENT));
    }

    @Test
    void eitherPartyTerminates() {
        fixture.given(active().events())
                .when(
                        new TerminateContract(CONTRACT, LocalDate.parse("2027-01-20"), "moving to the cloud"),
                        issuedBy(Party.SUPPLIER))
                .expectEvents(new ContractTerminated(
                        CONTRACT, LocalDate.parse("2027-01-20"), "moving to the cloud", Party.SUPPLIER));
    }

    /** The scenario's clock stands at 2027-01-20: that day may end the contract, the next not yet. */
    @Test
    void anActiveContractIsTerminatedOnADayThatHasCome() {
        Instant lateThatDay = Instant.parse("2027-01-20T23:59:59Z");
        fixture.given(active().events())
                .when(
                        new TerminateContract(CONTRACT, LocalDate.parse("2027-01-21"), "notice given"),
                        issuedBy(Party.CLIENT, lateThatDay, null))
                .expectException(rejectedWith(RejectionCode.TERMINATION_IN_FUTURE))
                .expectExceptionMessage("the termination on 2027-01-21 has not taken effect; it is 2027-01-20 (UTC) at"
                        + " the recording: the contract runs until then, so record it on that day")
                .expectNoEvents();
        fixture.given(active().events())
                .when(
                        new TerminateContract(CONTRACT, LocalDate.parse("2027-01-21"), "notice given"),
                        issuedBy(Party.CLIENT, lateThatDay.plusSeconds(1), null))
                .expectEvents(
                        new ContractTerminated(CONTRACT, LocalDate.parse("2027-01-21"), "notice given", Party.CLIENT));
    }

    @Test
    void anActiveContractIsNotTerminatedAfterItsTermEnds() {
        ContractScenario ended =
                aContractEnding("2026-12-31").withAgreedClause().signed();
        fixture.given(ended.events())
                .when(new TerminateContract(CONTRACT, LocalDate.parse("2027-01-01"), "late"), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.TERMINATION_AFTER_END))
                .expectExceptionMessage("the termination on 2027-01-01 lies after the term ends on 2026-12-31")
                .expectNoEvents();
        fixture.given(ended.events())
                .when(
                        new TerminateContract(CONTRACT, LocalDate.parse("2026-12-31"), "at the end"),
                        issuedBy(Party.CLIENT))
                .expectEvents(
                        new ContractTerminated(CONTRACT, LocalDate.parse("2026-12-31"), "at the end", Party.CLIENT));
    }

    @Test
    void aDraftIsDroppedOnAnyDateAhead() {
        fixture.given(aContract().withAgreedClause().events())
                .when(
                        new TerminateContract(CONTRACT, LocalDate.parse("2030-01-01"), "never mind"),
                        issuedBy(Party.CLIENT))
                .expectEvents(
                        new ContractTerminated(CONTRACT, LocalDate.parse("2030-01-01"), "never mind", Party.CLIENT));
    }

    @Test
    void terminationNeedsAReason() {
        fixture.given(active().events())
                .when(new TerminateContract(CONTRACT, LocalDate.parse("2027-06-30"), null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.INVALID))
                .expectNoEvents();
    }

    static List<Object> everyCommand() {
        return List.of(
                draftContract(),
                availabilityClause(),
                openClause(HELPDESK),
                fillIn(RESPONSE_TIME),
                new SignContract(CONTRACT),
                new AgreeToChange(CONTRACT, RESPONSE_TIME, null),
                breach("b-9", AVAILABILITY, "2026-12-03T02:00:00Z"),
                new WaiveCredit(CONTRACT, BreachId.of("b-1"), "x"),
                new DisputeBreach(CONTRACT, BreachId.of("b-1"), "x"),
                new RecordSatisfaction(CONTRACT, YearMonth.of(2027, 1), 7, true, null),
                new TerminateContract(CONTRACT, LocalDate.parse("2027-06-30"), "again"));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void aTerminatedContractRefusesEverything(Object command) {
        fixture.given(active().then(Party.CLIENT, breach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z"))
                        .then(Party.CLIENT, new TerminateContract(CONTRACT, LocalDate.parse("2027-01-31"), "done"))
                        .events())
                .when(command, issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CONTRACT_TERMINATED))
                .expectNoEvents();
    }

    @Test
    void aPassedReviewByDateIsRecordedAsDue() {
        fixture.given(active().events())
                .when(
                        new MarkReviewDue(CONTRACT, RESPONSE_TIME, REVIEW_BY),
                        scanner(Instant.parse("2027-03-02T00:00:00Z")))
                .expectEvents(new ReviewBecameDue(CONTRACT, RESPONSE_TIME, REVIEW_BY));
    }

    @Test
    void aReviewIsNotDueOnItsOwnDate() {
        fixture.given(active().events())
                .when(
                        new MarkReviewDue(CONTRACT, RESPONSE_TIME, REVIEW_BY),
                        scanner(Instant.parse("2027-03-01T23:00:00Z")))
                .expectException(rejectedWith(RejectionCode.REVIEW_NOT_DUE))
                .expectNoEvents();
    }

    @Test
    void aFilledInClauseIsNoLongerDueForReview() {
        fixture.given(active().withFillInAgreed(RESPONSE_TIME).events())
                .when(
                        new MarkReviewDue(CONTRACT, RESPONSE_TIME, REVIEW_BY),
                        scanner(Instant.parse("2027-03-02T00:00:00Z")))
                .expectException(rejectedWith(RejectionCode.REVIEW_NOT_DUE))
                .expectNoEvents();
    }

    @Test
    void onlyTheServiceMarksAReviewAsDue() {
        fixture.given(active().events())
                .when(new MarkReviewDue(CONTRACT, RESPONSE_TIME, REVIEW_BY), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NOT_ALLOWED))
                .expectNoEvents();
    }

    @Test
    void aMatchingExpectedVersionIsAccepted() {
        // drafted 0, clause 1, open clause 2, signed 3, signed 4, activated 5
        fixture.given(active().events())
                .when(
                        new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 8, true, null),
                        issuedBy(Party.CLIENT, NOW, 5L))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aStaleExpectedVersionIsAConflict() {
        fixture.given(active().events())
                .when(
                        new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 8, true, null),
                        issuedBy(Party.CLIENT, NOW, 4L))
                .expectException(rejectedWith(RejectionCode.CONFLICT))
                .expectNoEvents();
    }

    @Test
    void everyEventCarriesTheIssuerAndItsLinkInTheHashChain() {
        MetaData issuance = issuedBy(Party.CLIENT);
        fixture.given(active().events())
                .when(new RecordSatisfaction(CONTRACT, YearMonth.of(2026, 12), 8, true, null), issuance)
                .expectEventsMatching(exactSequenceOf(
                        matches((EventMessage<?> event) -> {
                            MetaData md = event.getMetaData();
                            // recomputed from what the chain must cover, not from the metadata under test
                            String recomputed = HashChain.hash(new ChainedEvent(
                                    2,
                                    6L,
                                    "SatisfactionRecorded",
                                    ChainMetadata.revisionOf((ContractEvent) event.getPayload()),
                                    CONTRACT.value(),
                                    new Actor(Party.CLIENT, "it-manager@acme.example"),
                                    (String) issuance.get(Issuance.COMMAND_ID),
                                    Instant.parse((String) issuance.get(Issuance.ISSUED_AT)),
                                    Instant.parse((String) issuance.get(Issuance.RECEIVED_AT)),
                                    "1.0",
                                    HashChain.stored(event.getPayload()),
                                    (String) md.get(ChainMetadata.PREVIOUS_HASH),
                                    null));
                            return md.get(Issuance.COMMAND_ID).equals(issuance.get(Issuance.COMMAND_ID))
                                    && md.get(Issuance.PARTY).equals("CLIENT")
                                    && md.get(Issuance.ACTOR).equals("it-manager@acme.example")
                                    && md.get(ChainMetadata.PREVIOUS_HASH) != null
                                    && md.get(ChainMetadata.HASH).equals(recomputed)
                                    && md.get(ChainMetadata.CONTRACT_VERSION).equals("1.0")
                                    && md.get(ChainMetadata.CHAIN_VERSION).equals("2");
                        }),
                        andNoMore()));
    }

    private static MetaData scanner(Instant at) {
        return new Issuance("review-due", Actor.system("sla-ledger/review-scanner"), at, null, null).toMetaData();
    }
}
