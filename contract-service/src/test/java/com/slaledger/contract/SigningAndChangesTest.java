package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static com.slaledger.contract.Rejections.rejectedWith;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.RejectChange;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractSigned;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SigningAndChangesTest {

    private AggregateTestFixture<Contract> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Contract.class);
    }

    @Test
    void oneSignatureDoesNotActivate() {
        fixture.givenCommands(aContract().withAgreedClause().commands())
                .when(new SignContract(CONTRACT), issuedBy(Party.CLIENT))
                .expectEvents(new ContractSigned(CONTRACT, Party.CLIENT));
    }

    @Test
    void bothSignaturesActivateVersionOnePointZero() {
        fixture.givenCommands(
                        aContract().withAgreedClause().signedBy(Party.CLIENT).commands())
                .when(new SignContract(CONTRACT), issuedBy(Party.SUPPLIER))
                .expectEvents(
                        new ContractSigned(CONTRACT, Party.SUPPLIER),
                        new ContractActivated(CONTRACT, ContractVersion.FIRST));
    }

    @Test
    void aPartySignsOnlyOnce() {
        fixture.givenCommands(
                        aContract().withAgreedClause().signedBy(Party.CLIENT).commands())
                .when(new SignContract(CONTRACT), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.ALREADY_SIGNED))
                .expectNoEvents();
    }

    @Test
    void aContractWithoutClausesCannotBeSigned() {
        fixture.givenCommands(aContract().commands())
                .when(new SignContract(CONTRACT), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_CLAUSES))
                .expectNoEvents();
    }

    @Test
    void fillingInAnActiveContractIsAProposal() {
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .commands())
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
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .commands())
                .when(fillIn(RESPONSE_TIME), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.PROPOSAL_PENDING))
                .expectNoEvents();
    }

    @Test
    void cannotAgreeToOwnProposal() {
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .commands())
                .when(new AgreeToChange(CONTRACT, RESPONSE_TIME, null), issuedBy(Party.SUPPLIER))
                .expectException(rejectedWith(RejectionCode.OWN_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void cannotAgreeWithoutAPendingProposal() {
        fixture.givenCommands(aContract().withAgreedClause().signed().commands())
                .when(new AgreeToChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_PENDING_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void fillingInTheLastOpenClauseMakesVersionTwo() {
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .commands())
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
        fixture.givenCommands(aContract()
                        .withOpenClause(RESPONSE_TIME)
                        .withOpenClause(HELPDESK)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .commands())
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
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .withOpenClause(HELPDESK)
                        .signed() // 1.0
                        .withFillInAgreed(RESPONSE_TIME) // 1.1
                        .withFillInAgreed(HELPDESK) // 2.0
                        .then(Party.CLIENT, amend)
                        .commands())
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
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .withFillInAgreed(RESPONSE_TIME) // 2.0
                        .then(Party.CLIENT, openClause(RESPONSE_TIME)) // propose reopen
                        .then(Party.SUPPLIER, new AgreeToChange(CONTRACT, RESPONSE_TIME, null)) // 2.1, open again
                        .then(Party.CLIENT, fillIn(RESPONSE_TIME))
                        .commands())
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
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .signed()
                        .then(Party.CLIENT, openClause(AVAILABILITY))
                        .commands())
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
    void cannotReopenAClauseThatIsAlreadyOpen() {
        fixture.givenCommands(aContract().withOpenClause(RESPONSE_TIME).signed().commands())
                .when(openClause(RESPONSE_TIME), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.CLAUSE_ALREADY_OPEN))
                .expectNoEvents();
    }

    @Test
    void addingAClauseToAnActiveContractIsAProposal() {
        DraftClause helpdesk = new DraftClause(CONTRACT, HELPDESK, "Helpdesk hours", "Mon-Fri 8-18.", null, null, null);
        fixture.givenCommands(aContract().withAgreedClause().signed().commands())
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
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .withFillInAgreed(RESPONSE_TIME) // 2.0
                        .then(Party.SUPPLIER, openClause(HELPDESK))
                        .then(Party.CLIENT, new AgreeToChange(CONTRACT, HELPDESK, null)) // 2.1
                        .then(Party.SUPPLIER, fillIn(HELPDESK))
                        .commands())
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
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .commands())
                .when(new RejectChange(CONTRACT, RESPONSE_TIME, "too slow"), issuedBy(Party.CLIENT))
                .expectEvents(new ChangeRejected(
                        CONTRACT, RESPONSE_TIME, ChangeKind.FILL_IN, Party.SUPPLIER, Party.CLIENT, "too slow"));
    }

    @Test
    void cannotRejectWithoutAPendingProposal() {
        fixture.givenCommands(aContract().withAgreedClause().signed().commands())
                .when(new RejectChange(CONTRACT, AVAILABILITY, null), issuedBy(Party.CLIENT))
                .expectException(rejectedWith(RejectionCode.NO_PENDING_PROPOSAL))
                .expectNoEvents();
    }

    @Test
    void aNewProposalIsPossibleAfterARejection() {
        fixture.givenCommands(aContract()
                        .withAgreedClause()
                        .withOpenClause(RESPONSE_TIME)
                        .signed()
                        .then(Party.SUPPLIER, fillIn(RESPONSE_TIME))
                        .then(Party.CLIENT, new RejectChange(CONTRACT, RESPONSE_TIME, "too slow"))
                        .commands())
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
