package com.slaledger.projection.contractview;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ClauseView.ClauseState;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.CreditMonth;
import com.slaledger.testsupport.Story;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractFoldTest {

    @Test
    void aDraftHasPartiesTermsAndNoVersion() {
        ContractView view = ContractFold.replay(
                Story.contract("F-1").agreedClause(Story.AVAILABILITY, "5").envelopes());
        assertThat(view.status()).isEqualTo(ContractView.ContractStatus.DRAFT);
        assertThat(view.version()).isNull();
        assertThat(view.clientId()).isEqualTo("acme");
        assertThat(view.atRiskAmount()).isEqualTo(Money.of("1200.00", "EUR"));
        assertThat(view.clauses()).extracting(ClauseView::state).containsExactly(ClauseState.AGREED);
        assertThat(view.lastSequence()).isEqualTo(1);
    }

    @Test
    void signingActivatesVersionOnePointZeroWithEveryClauseEnteringIt() {
        ContractView view = ContractFold.replay(Story.contract("F-2")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .envelopes());
        assertThat(view.status()).isEqualTo(ContractView.ContractStatus.ACTIVE);
        assertThat(view.version()).isEqualTo("1.0");
        assertThat(view.signedBy()).containsExactly(Party.CLIENT, Party.SUPPLIER);
        assertThat(view.clauses()).extracting(ClauseView::enteredVersion).containsOnly("1.0");
        assertThat(view.clause("response-time").orElseThrow().reviewBy()).isEqualTo(LocalDate.parse("2027-03-01"));
    }

    @Test
    void aPendingProposalShowsWhoProposedWhatUntilTheOtherPartyAgrees() {
        Story story = Story.contract("F-3")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .fillInTogether(Story.RESPONSE_TIME, new com.slaledger.api.ContractVersion(2, 0));
        List<com.slaledger.api.event.EventEnvelope> all = story.envelopes();
        ContractView proposed = ContractFold.replay(all.subList(0, all.size() - 1));
        ClauseView pending = proposed.clause("response-time").orElseThrow();
        assertThat(pending.state()).isEqualTo(ClauseState.OPEN);
        assertThat(pending.pending().kind()).isEqualTo(ChangeKind.FILL_IN);
        assertThat(pending.pending().proposedBy()).isEqualTo(Party.SUPPLIER);

        ContractView agreed = ContractFold.replay(all);
        ClauseView filled = agreed.clause("response-time").orElseThrow();
        assertThat(agreed.version()).isEqualTo("2.0");
        assertThat(filled.state()).isEqualTo(ClauseState.AGREED);
        assertThat(filled.text()).isEqualTo("P1 within 30 minutes.");
        assertThat(filled.pending()).isNull();
        assertThat(filled.enteredVersion()).isEqualTo("2.0");
        assertThat(filled.openedAt()).isBefore(filled.filledInAt());
    }

    @Test
    void creditsAddUpPerMonthAgainstTheCapAndExperienceEarnsNothing() {
        ContractView view = ContractFold.replay(Story.contract("F-4")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .creditedBreach("b-1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("b-2", "2026-12-05T02:00:00Z", "500.00", "500.00", "500.00", false)
                .creditedBreach("b-3", "2026-12-07T02:00:00Z", "1000.00", "500.00", "200.00", true)
                .experience("b-4", Story.RESPONSE_TIME, "2026-12-08T02:00:00Z")
                .envelopes());
        CreditMonth december = view.creditsOf(YearMonth.of(2026, 12)).orElseThrow();
        assertThat(december.credited()).isEqualTo(Money.of("1200.00", "EUR"));
        assertThat(december.cap()).isEqualTo(Money.of("1200.00", "EUR"));
        assertThat(december.capReached()).isTrue();
        assertThat(view.breaches()).hasSize(4);
        assertThat(view.breach("b-4").orElseThrow().credit()).isNull();
    }

    @Test
    void aWaivedCreditWithdrawnLaterLeavesTheMonthWithItsWaiver() {
        ContractView view = ContractFold.replay(Story.contract("F-WAIVED-WITHDRAWN")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("b-1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("b-2", "2026-12-05T02:00:00Z", "500.00", "500.00", "500.00", false)
                .waived("b-1", "500.00", "partnership")
                .waived("b-2", "500.00", "partnership")
                .disputed("b-1", "it was announced")
                .withdrawn("b-1", "500.00")
                .envelopes());
        CreditMonth december = view.creditsOf(YearMonth.of(2026, 12)).orElseThrow();
        assertThat(december.released()).isEqualTo(Money.of("500.00", "EUR"));
        assertThat(december.credited()).as("b-2 alone").isEqualTo(Money.of("500.00", "EUR"));
        assertThat(december.waived())
                .as("b-2's waiver; b-1's left with its breach")
                .isEqualTo(Money.of("500.00", "EUR"));
        assertThat(december.payable()).isEqualTo(Money.of("0.00", "EUR"));
    }

    @Test
    void overdueIsJudgedForTheDayAsked() {
        ContractView view = ContractFold.replay(
                Story.contract("F-5").openClause(Story.RESPONSE_TIME).envelopes());
        assertThat(view.withOverdueFlags(LocalDate.parse("2027-03-01"))
                        .clause("response-time")
                        .orElseThrow()
                        .overdue())
                .isFalse();
        assertThat(view.withOverdueFlags(LocalDate.parse("2027-03-02"))
                        .clause("response-time")
                        .orElseThrow()
                        .overdue())
                .isTrue();
    }

    @Test
    void nothingIsOverdueOnATerminatedContract() {
        Story story = Story.contract("F-5T").openClause(Story.RESPONSE_TIME).signed();
        ContractView running = ContractFold.replay(story.envelopes());
        ContractView ended = ContractFold.replay(story.then(
                        com.slaledger.api.Party.CLIENT,
                        new com.slaledger.api.event.ContractTerminated(
                                com.slaledger.api.ContractId.of("F-5T"),
                                LocalDate.parse("2027-04-01"),
                                "moving on",
                                com.slaledger.api.Party.CLIENT))
                .envelopes());
        LocalDate later = LocalDate.parse("2027-05-01");
        assertThat(running.withOverdueFlags(later)
                        .clause("response-time")
                        .orElseThrow()
                        .overdue())
                .isTrue();
        assertThat(ended.withOverdueFlags(later)
                        .clause("response-time")
                        .orElseThrow()
                        .overdue())
                .as("open still, but nobody can fill it in")
                .isFalse();
    }

    @Test
    void aViewWithoutBreachesLeavesThemOutOfItsJsonAndCountsThem() {
        ContractView whole = ContractFold.replay(Story.contract("F-JSON")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .envelopes());
        assertThat(whole.breachCount()).isEqualTo(1);
        assertThat(whole.breaches()).extracting(BreachView::sequence).containsExactly(whole.lastSequence());

        String slim = SlaJson.mapper().writeValueAsString(whole.withoutBreaches());
        assertThat(slim).doesNotContain("\"breaches\"").contains("\"breachCount\":1");
        assertThat(SlaJson.mapper().readValue(slim, ContractView.class)).isEqualTo(whole.withoutBreaches());
    }

    @Test
    void aBreachSettledAsWithdrawnIsCountedApartAndOneUpheldIsNot() {
        Story story = Story.contract("F-WD")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("B-2", "2026-12-03T10:00:00Z", "500.00", "500.00", "500.00", false)
                .disputed("B-1", "maintenance window")
                .disputed("B-2", "maintenance window");
        assertThat(ContractFold.replay(story.envelopes()).withdrawnCount()).isZero();
        ContractView settled = ContractFold.replay(story.withdrawn("B-1", "500.00")
                .then(
                        com.slaledger.api.Party.CLIENT,
                        new com.slaledger.api.event.DisputeSettled(
                                com.slaledger.api.ContractId.of("F-WD"),
                                com.slaledger.api.BreachId.of("B-2"),
                                com.slaledger.api.SettlementOutcome.UPHELD,
                                "it was ours",
                                com.slaledger.api.Party.SUPPLIER,
                                com.slaledger.api.Party.CLIENT,
                                null))
                .envelopes());
        assertThat(settled.breachCount()).isEqualTo(2);
        assertThat(settled.withdrawnCount()).isEqualTo(1);
        String json = SlaJson.mapper().writeValueAsString(settled.withoutBreaches());
        assertThat(SlaJson.mapper().readValue(json, ContractView.class).withdrawnCount())
                .isEqualTo(1);
    }
}
