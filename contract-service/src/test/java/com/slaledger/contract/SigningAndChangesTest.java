package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static com.slaledger.contract.Rejections.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.Actor;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.command.RejectChange;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractSigned;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SigningAndChangesTest {

    private AggregateTestFixture<Contract> fixture;

    @BeforeEach
    void setUp() {
        fixture = ContractScenario.fixture();
    }

    @Test
    void oneSignatureDoesNotActivate() {
        fixture.given(aContract().withAgreedClause().events())
                .when(new SignContract(CONTRACT), issuedBy(Party.CLIENT))
                .expectEvents(new ContractSigned(CONTRACT, Party.CLIENT));
    }

    @Test
    void bothSignaturesActivateVersionOnePointZero() {
        fixture.given(aContract().withAgreedClause().signedBy(Party.CLIENT).events())
                .when(new SignContract(CONTRACT), issuedBy(Party.SUPPLIER))
                .expectEvents(
                        new ContractSigned(CONTRACT, Party.SUPPLIER),
                        new ContractActivated(CONTRACT, ContractVersion.FIRST));
    }

    @Test
    void aPartySignsOnlyOnce() {
        fixture.given(aContract().withAgreedClause().signedBy(Party.CLIENT).events())
                .when(new SignContract(CONTRACT), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.ALREADY_SIGNED))
                .expectNoEvents();
    }

    @Test
    void aContractWithoutClausesCannotBeSigned() {
        fixture.given(aContract().events())
                .when(new SignContract(CONTRACT), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_CLAUSES))
                .expectNoEvents();
    }

    @Test
    void fillingInAnActiveContractIsAProposal() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .events())
                .when(fillIn(RESPONSE_TIME), issuedBy(Party.SUPPLIER))
                .expectEvents(new ChangeProposed(
                        CONTRACT,
                        RESPONSE_TIME,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        null,
                        fillIn(RESPONSE_TIME).text(),
                        null,
                        null,
                        null,
                        RESPONSE_30_MIN,
                        new BigDecimal("2.5"),
                        null));
    }

    @Test
    void aClauseHasAtMostOnePendingProposal() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .events())
                .when(fillIn(RESPONSE_TIME), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.PROPOSAL_PENDING))
                .expectNoEvents();
    }

    @Test
    void cannotAgreeToOwnProposal() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .events())
                .when(new AgreeToChange(CONTRACT, RESPONSE_TIME, null), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.OWN_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void cannotAgreeWithoutAPendingProposal() {
        fixture.given(aContract().withAgreedClause().signed().events())
                .when(new AgreeToChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_PENDING_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void fillingInTheLastOpenClauseMakesVersionTwo() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .events())
                .when(new AgreeToChange(CONTRACT, RESPONSE_TIME, "works for us"), issuedBy(Party.CLIENT))
                .expectEvents(new ChangeAgreed(
                        CONTRACT,
                        RESPONSE_TIME,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        Party.CLIENT,
                        new ContractVersion(2, 0),
                        null,
                        "works for us"));
    }

    @Test
    void fillingInOneOfTwoOpenClausesRaisesTheMinorVersion() {
        fixture.given(aContract()
                        .withOpenClause(RESPONSE_TIME)
                        .withOpenClause(HELPDESK)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .events())
                .when(new AgreeToChange(CONTRACT, RESPONSE_TIME, null), issuedBy(Party.CLIENT))
                .expectEvents(new ChangeAgreed(
                        CONTRACT,
                        RESPONSE_TIME,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        Party.CLIENT,
                        new ContractVersion(1, 1),
                        null,
                        null));
    }

    @Test
    void versionsRunFromOnePointZeroThroughTwoPointZeroToTwoPointOne() {
        AmendClause amend = new AmendClause(
                CONTRACT, AVAILABILITY, "99.5 % per month.", AVAILABILITY_998, new BigDecimal("4"), "pinches");
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .withOpenClause(HELPDESK)
                        .signed() // 1.0
                        .withFillInAgreed(RESPONSE_TIME) // 1.1
                        .withFillInAgreed(HELPDESK) // 2.0
                        .then(Party.CLIENT, amend)
                        .events())
                .when(new AgreeToChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.SUPPLIER))
                .expectEvents(new ChangeAgreed(
                        CONTRACT,
                        AVAILABILITY,
                        ChangeKind.AMEND,
                        Party.CLIENT,
                        Party.SUPPLIER,
                        new ContractVersion(2, 1),
                        null,
                        null));
    }

    @Test
    void reopeningAClauseAndFillingItInAgainMakesVersionThree() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .withFillInAgreed(RESPONSE_TIME) // 2.0
                        .then(Party.CLIENT, openClause(RESPONSE_TIME)) // propose reopen
                        .then(Party.SUPPLIER, new AgreeToChange(CONTRACT, RESPONSE_TIME, null)) // 2.1, open again
                        .then(Party.CLIENT, fillIn(RESPONSE_TIME))
                        .events())
                .when(new AgreeToChange(CONTRACT, RESPONSE_TIME, null), issuedBy(Party.SUPPLIER))
                .expectEvents(new ChangeAgreed(
                        CONTRACT,
                        RESPONSE_TIME,
                        ChangeKind.FILL_IN,
                        Party.CLIENT,
                        Party.SUPPLIER,
                        new ContractVersion(3, 0),
                        null,
                        null));
    }

    @Test
    void reopeningIsAProposalThatKeepsTheReviewByDate() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .signed()
                        .then(Party.CLIENT, openClause(AVAILABILITY))
                        .events())
                .when(new AgreeToChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.SUPPLIER))
                .expectEvents(new ChangeAgreed(
                        CONTRACT,
                        AVAILABILITY,
                        ChangeKind.REOPEN,
                        Party.CLIENT,
                        Party.SUPPLIER,
                        new ContractVersion(1, 1),
                        LocalDate.parse("2027-03-01"),
                        null));
    }

    @Test
    void aReopeningWhoseReviewByDateFallsAfterTheTermIsRefused() {
        ContractScenario ending =
                aContractEnding("2027-06-30").withAgreedClause().signed();
        fixture.given(ending.events())
                .when(
                        new LeaveClauseOpen(
                                CONTRACT,
                                AVAILABILITY,
                                "Availability",
                                "per service",
                                LocalDate.parse("2027-07-01"),
                                null),
                        issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.REVIEW_BY_AFTER_TERM))
                .expectNoEvents();
    }

    /** The drift issue 17 found: the aggregate took the new category, the read models kept the old one. */
    @Test
    void aClauseReopenedUnderANewCategoryTakesItOnceAgreed() {
        LeaveClauseOpen reopen = new LeaveClauseOpen(
                CONTRACT,
                AVAILABILITY,
                "Availability per service",
                "Measure availability per service, not per server.",
                LocalDate.parse("2027-06-01"),
                "learning");
        fixture.given(aContract()
                        .withAgreedClause()
                        .signed()
                        .then(Party.CLIENT, reopen)
                        .events())
                .when(new AgreeToChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.SUPPLIER))
                .expectSuccessfulHandlerExecution()
                .expectState(contract -> {
                    var clause = contract.state().clause(AVAILABILITY).orElseThrow();
                    assertThat(clause.category()).isEqualTo("learning");
                    assertThat(clause.heading()).isEqualTo("Availability per service");
                    assertThat(clause.isOpen()).isTrue();
                });
    }

    /**
     * A sender's {@code issuedAt} is its claim: the aggregate's state, and so its snapshot, says the
     * clause was filled in when the service received the agreement, as the read models do; not when
     * the store wrote it (the fixture's clock, 1.5 s later here), a time the hash chain does not cover.
     */
    @Test
    void aClauseIsFilledInWhenTheServiceReceivesTheAgreementNotWhenTheSenderClaims() {
        Instant received = NOW.minusMillis(1500);
        Issuance claimingOld = new Issuance(
                "cmd-claims-2019",
                new Actor(Party.CLIENT, "it-manager@acme.example"),
                Instant.parse("2019-03-01T00:00:00Z"),
                received,
                null,
                null,
                null);
        fixture.given(aContract()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .events())
                .when(new AgreeToChange(CONTRACT, RESPONSE_TIME, null), claimingOld.toMetaData())
                .expectSuccessfulHandlerExecution()
                .expectState(contract -> assertThat(contract.state()
                                .clause(RESPONSE_TIME)
                                .orElseThrow()
                                .filledInAt())
                        .isEqualTo(received));
    }

    @Test
    void cannotReopenAClauseThatIsAlreadyOpen() {
        fixture.given(aContract().withOpenClause(RESPONSE_TIME).signed().events())
                .when(openClause(RESPONSE_TIME), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_ALREADY_OPEN))
                .expectNoEvents();
    }

    @Test
    void addingAClauseToAnActiveContractIsAProposal() {
        DraftClause helpdesk = new DraftClause(CONTRACT, HELPDESK, "Helpdesk hours", "Mon-Fri 8-18.", null, null, null);
        fixture.given(aContract().withAgreedClause().signed().events())
                .when(helpdesk, issuedBy(Party.CLIENT))
                .expectEvents(new ChangeProposed(
                        CONTRACT,
                        HELPDESK,
                        ChangeKind.ADD_CLAUSE,
                        Party.CLIENT,
                        "Helpdesk hours",
                        "Mon-Fri 8-18.",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    @Test
    void addingAnOpenClauseToAContractAtTwoPointZeroAndFillingItInMakesThreePointZero() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .withFillInAgreed(RESPONSE_TIME) // 2.0
                        .then(Party.SUPPLIER, openClause(HELPDESK))
                        .then(Party.CLIENT, new AgreeToChange(CONTRACT, HELPDESK, null)) // 2.1
                        .then(Party.SUPPLIER, fillIn(HELPDESK))
                        .events())
                .when(new AgreeToChange(CONTRACT, HELPDESK, null), issuedBy(Party.CLIENT))
                .expectEvents(new ChangeAgreed(
                        CONTRACT,
                        HELPDESK,
                        ChangeKind.FILL_IN,
                        Party.SUPPLIER,
                        Party.CLIENT,
                        new ContractVersion(3, 0),
                        null,
                        null));
    }

    @Test
    void rejectingEndsTheProposal() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .events())
                .when(new RejectChange(CONTRACT, RESPONSE_TIME, "too slow"), issuedBy(Party.CLIENT))
                .expectEvents(new ChangeRejected(
                        CONTRACT, RESPONSE_TIME, ChangeKind.FILL_IN, Party.SUPPLIER, Party.CLIENT, "too slow"));
    }

    @Test
    void cannotRejectWithoutAPendingProposal() {
        fixture.given(aContract().withAgreedClause().signed().events())
                .when(new RejectChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_PENDING_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void aNewProposalIsPossibleAfterARejection() {
        fixture.given(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .then(Party.CLIENT, new RejectChange(CONTRACT, RESPONSE_TIME, "too slow"))
                        .events())
                .when(fillIn(RESPONSE_TIME), issuedBy(Party.CLIENT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ChangeProposed(
                        CONTRACT,
                        RESPONSE_TIME,
                        ChangeKind.FILL_IN,
                        Party.CLIENT,
                        null,
                        fillIn(RESPONSE_TIME).text(),
                        null,
                        null,
                        null,
                        RESPONSE_30_MIN,
                        new BigDecimal("2.5"),
                        null));
    }
}
