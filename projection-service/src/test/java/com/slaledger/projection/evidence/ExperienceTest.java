package com.slaledger.projection.evidence;

import static com.slaledger.api.ServiceLevel.Unit.MINUTES;
import static com.slaledger.api.ServiceLevel.Unit.PERCENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * Evidence, what-if and pinch on a fixed set of breaches, with the numbers worked out by hand. The
 * contract: 10,000.00 EUR a month, 12 % at risk (a cap of 1,200.00 a month); availability agreed at
 * 5 % a breach (500.00); response time left open.
 */
class ExperienceTest {

    private static final ContractId ID = ContractId.of("EXP-1");
    private static final Instant NOW = Instant.parse("2027-03-15T12:00:00Z");

    /** Experience on response time (minutes), and availability breaches that hit December's cap. */
    private static Story story() {
        return Story.contract(ID.value())
                .agreedClause(Story.AVAILABILITY, "5")
                .agreedClause(Story.HELPDESK, "2")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .breach("e1", Story.RESPONSE_TIME, "2026-12-03T10:00:00Z", "45", MINUTES)
                .breach("e2", Story.RESPONSE_TIME, "2026-12-10T10:00:00Z", "70", MINUTES)
                .breach("e3", Story.RESPONSE_TIME, "2027-01-05T10:00:00Z", "50", MINUTES)
                .breach("e4", Story.RESPONSE_TIME, "2027-01-20T10:00:00Z", null, MINUTES)
                .breach("e5", Story.RESPONSE_TIME, "2027-02-02T10:00:00Z", "35", MINUTES)
                .breach("e6", Story.RESPONSE_TIME, "2027-02-15T10:00:00Z", "40", MINUTES)
                .breach("b1", Story.AVAILABILITY, "2026-12-03T02:00:00Z", "97.0", PERCENT)
                .breach("b2", Story.AVAILABILITY, "2026-12-08T02:00:00Z", "98.5", PERCENT)
                .breach("b3", Story.AVAILABILITY, "2026-12-20T02:00:00Z", "99.0", PERCENT)
                .breach("b4", Story.AVAILABILITY, "2026-12-25T02:00:00Z", null, PERCENT)
                .then(Party.CLIENT, new CreditWaived(ID, BreachId.of("b2"), Money.of("500.00", "EUR"), "partnership"))
                .breach("b5", Story.AVAILABILITY, "2027-01-10T02:00:00Z", "96.0", PERCENT)
                .then(Party.SUPPLIER, new BreachDisputed(ID, BreachId.of("b5"), "planned maintenance"))
                .then(
                        Party.CLIENT,
                        new DisputeSettled(
                                ID,
                                BreachId.of("b5"),
                                SettlementOutcome.WITHDRAWN,
                                null,
                                Party.SUPPLIER,
                                Party.CLIENT,
                                Money.of("500.00", "EUR")))
                .satisfaction("2026-12", 8, true)
                .satisfaction("2027-01", 7, true)
                .satisfaction("2027-02", 4, false);
    }

    private static ContractView contract() {
        return ContractFold.replay(story().envelopes());
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    @Test
    void theStoryHitsDecembersCapAsTheCreditRulesSay() {
        assertThat(contract().creditsOf(YearMonth.of(2026, 12)).orElseThrow().credited())
                .isEqualTo(eur("1200.00"));
        assertThat(contract().breach("b3").orElseThrow().credited()).isEqualTo(eur("200.00"));
        assertThat(contract().breach("b4").orElseThrow().credited()).isEqualTo(eur("0.00"));
    }

    @Test
    void evidenceCountsEveryBreachPerMonthButOnlyMeasuredOnesInTheSpread() {
        ClauseEvidence evidence =
                ClauseEvidence.of(contract(), contract().clause("response-time").orElseThrow(), NOW, 0.9, null);

        assertThat(evidence.breaches())
                .extracting(ClauseEvidence.Observed::breachId)
                .containsExactly("e1", "e2", "e3", "e4", "e5", "e6");
        assertThat(evidence.perMonth())
                .containsExactly(
                        new ClauseEvidence.MonthCount(YearMonth.of(2026, 12), 2, 2),
                        new ClauseEvidence.MonthCount(YearMonth.of(2027, 1), 2, 1),
                        new ClauseEvidence.MonthCount(YearMonth.of(2027, 2), 2, 2));
        assertThat(evidence.spread())
                .containsExactly(new ClauseEvidence.Spread(
                        MINUTES,
                        5,
                        new BigDecimal("35"),
                        new BigDecimal("45"),
                        new BigDecimal("70"),
                        new BigDecimal("70")));
        assertThat(evidence.unmeasured()).isEqualTo(1);
        assertThat(evidence.notes()).anyMatch(note -> note.contains("without a measured value"));
        assertThat(evidence.period().fromMonth()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(evidence.period().toMonth()).isEqualTo(YearMonth.of(2027, 3));
        assertThat(evidence.agreed()).isNull();
    }

    @Test
    void aWithdrawnBreachIsNoExperience() {
        ContractView withdrawn =
                ContractFold.replay(story().breach("e7", Story.RESPONSE_TIME, "2027-02-20T10:00:00Z", "400", MINUTES)
                        .disputed("e7", "the ticket was misfiled")
                        .withdrawn("e7", null)
                        .envelopes());
        ClauseEvidence evidence =
                ClauseEvidence.of(withdrawn, withdrawn.clause("response-time").orElseThrow(), NOW, 0.9, null);
        ClauseEvidence without =
                ClauseEvidence.of(contract(), contract().clause("response-time").orElseThrow(), NOW, 0.9, null);

        assertThat(evidence.breaches())
                .extracting(ClauseEvidence.Observed::breachId)
                .doesNotContain("e7");
        assertThat(evidence.spread()).isEqualTo(without.spread());
        assertThat(evidence.perMonth()).isEqualTo(without.perMonth());
        assertThat(evidence.suggestedServiceLevel()).isEqualTo(without.suggestedServiceLevel());
        assertThat(evidence.notes())
                .contains("1 breach(es) settled as withdrawn: left out, as both parties agreed they" + " do not count");
    }

    @Test
    void theSuggestionIsTheBestTargetThatCoverageOfTheMonthsMet() {
        ClauseEvidence all =
                ClauseEvidence.of(contract(), contract().clause("response-time").orElseThrow(), NOW, 0.9, null);
        assertThat(all.suggestedServiceLevel().level())
                .isEqualTo(new ServiceLevel(
                        ServiceLevel.Metric.RESPONSE_TIME, new BigDecimal("70"), MINUTES, ServiceLevel.Window.MONTH));
        assertThat(all.suggestedServiceLevel().monthsWithMeasurements()).isEqualTo(3);
        assertThat(all.suggestedServiceLevel().monthsMet()).isEqualTo(3);
        assertThat(all.suggestedServiceLevel().credits())
                .as("no credit % agreed or given")
                .isNull();

        // Monthly worsts 70 (Dec), 50 (Jan), 40 (Feb): two of three months met 50.
        ClauseEvidence stricter =
                ClauseEvidence.of(contract(), contract().clause("response-time").orElseThrow(), NOW, 0.6, null);
        assertThat(stricter.suggestedServiceLevel().level().target()).isEqualByComparingTo("50");
        assertThat(stricter.suggestedServiceLevel().monthsMet()).isEqualTo(2);

        // One month in three met 40: e1 and e2 (December) and e3 (January) miss it; e4 is not measured.
        ClauseEvidence strictest = ClauseEvidence.of(
                contract(), contract().clause("response-time").orElseThrow(), NOW, 0.3, new BigDecimal("2.5"));
        assertThat(strictest.suggestedServiceLevel().level().target()).isEqualByComparingTo("40");
        ClauseEvidence.Credits credits = strictest.suggestedServiceLevel().credits();
        assertThat(credits.perMonth())
                .containsExactly(
                        new ClauseEvidence.MonthCredits(YearMonth.of(2026, 12), 2, eur("0.00"), true),
                        new ClauseEvidence.MonthCredits(YearMonth.of(2027, 1), 1, eur("250.00"), false),
                        new ClauseEvidence.MonthCredits(YearMonth.of(2027, 2), 0, eur("0.00"), false));
        assertThat(credits.total())
                .as("December's cap was spent by availability; January: 2.5 % of 10,000.00")
                .isEqualTo(eur("250.00"));
    }

    @Test
    void evidenceKnownAtAnEarlierMomentHasOnlyWhatWasRecordedThen() {
        var envelopes = story().envelopes();
        ContractView then = ContractFold.replay(envelopes.subList(0, 10)); // through e3
        ClauseEvidence evidence = ClauseEvidence.of(
                then, then.clause("response-time").orElseThrow(), Instant.parse("2027-01-06T00:00:00Z"), 0.9, null);
        assertThat(evidence.breaches())
                .extracting(ClauseEvidence.Observed::breachId)
                .containsExactly("e1", "e2", "e3");
        assertThat(evidence.period().toMonth()).isEqualTo(YearMonth.of(2027, 1));
    }

    @Test
    void whatIfReplaysEveryBreachAgainstALooserTargetWithinTheCap() {
        WhatIf whatIf = WhatIf.of(
                contract(),
                contract().clause("availability").orElseThrow(),
                new WhatIf.Alternative(new BigDecimal("98.0"), PERCENT, new BigDecimal("5")));

        WhatIf.Month december = whatIf.months().get(0);
        assertThat(december.breaches())
                .extracting(WhatIf.Replayed::breachId, WhatIf.Replayed::counted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b1", true),
                        org.assertj.core.groups.Tuple.tuple("b2", false),
                        org.assertj.core.groups.Tuple.tuple("b3", false),
                        org.assertj.core.groups.Tuple.tuple("b4", true));
        assertThat(december.credited()).isEqualTo(eur("1000.00"));
        assertThat(december.capApplied()).isFalse();
        assertThat(december.actuallyCredited())
                .as("500 + 500 (waived still counts) + 200 + 0")
                .isEqualTo(eur("1200.00"));
        assertThat(december.difference()).isEqualTo(eur("-200.00"));

        WhatIf.Month january = whatIf.months().get(1);
        assertThat(january.breaches().get(0).counted())
                .as("withdrawn never counts")
                .isFalse();
        assertThat(january.actuallyCredited()).isEqualTo(eur("0.00"));

        assertThat(whatIf.totals()).isEqualTo(new WhatIf.Totals(5, 2, eur("1000.00"), eur("1200.00"), eur("-200.00")));
    }

    @Test
    void whatIfAtAStricterTargetAndHigherCreditStopsAtTheCap() {
        WhatIf whatIf = WhatIf.of(
                contract(),
                contract().clause("availability").orElseThrow(),
                new WhatIf.Alternative(new BigDecimal("99.5"), PERCENT, new BigDecimal("10")));
        WhatIf.Month december = whatIf.months().get(0);
        assertThat(december.breaches()).allMatch(WhatIf.Replayed::counted);
        assertThat(december.credited()).as("1,000 + 200, then the cap").isEqualTo(eur("1200.00"));
        assertThat(december.capApplied()).isTrue();
        assertThat(december.difference()).isEqualTo(eur("0.00"));
    }

    @Test
    void whatIfInAnotherUnitThanTheMeasurementsIsRefused() {
        assertThatThrownBy(() -> WhatIf.of(
                        contract(),
                        contract().clause("availability").orElseThrow(),
                        new WhatIf.Alternative(new BigDecimal("30"), MINUTES, new BigDecimal("5"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PERCENT");
    }

    @Test
    void pinchScoresTheAgreedClausesWithTheNumbersBehindEachReason() {
        ContractPinch pinch = ContractPinch.of(contract(), LocalDate.parse("2027-03-15"), 4);

        assertThat(pinch.fromMonth()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(pinch.clauses())
                .extracting(ContractPinch.ClausePinch::clauseId)
                .containsExactly("availability", "helpdesk");
        ContractPinch.ClausePinch availability = pinch.clauses().get(0);
        // cap 0.35 x 1/4 + breaches 0.25 x (4/4 / 3: b5 was withdrawn) + disputed or waived 0.20 x 2/5
        // + satisfaction 0.10 x (7.5 - 4) / 5 + overdue 0.10 x 1/2
        assertThat(availability.score()).isEqualByComparingTo("0.3708");
        assertThat(availability.reasons())
                .extracting(ContractPinch.Reason::reason, r -> r.contribution().toPlainString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("MONTHS_AT_CAP", "0.0875"),
                        org.assertj.core.groups.Tuple.tuple("BREACHES_PER_MONTH", "0.0833"),
                        org.assertj.core.groups.Tuple.tuple("DISPUTED_OR_WAIVED", "0.0800"),
                        org.assertj.core.groups.Tuple.tuple("SATISFACTION_TREND", "0.0700"),
                        org.assertj.core.groups.Tuple.tuple("OPEN_PAST_REVIEW_BY", "0.0500"));
        assertThat(availability.reasons().get(0).numbers()).containsEntry("monthsAtCap", 1L);
        assertThat(availability.reasons().get(1).numbers())
                .containsEntry("breaches", 4L)
                .containsEntry("withdrawn", 1L);
        assertThat(availability.reasons().get(2).numbers())
                .as("the withdrawn breach was disputed")
                .containsEntry("disputedOrWaived", 2L)
                .containsEntry("breaches", 5);
        assertThat(pinch.clauses().get(1).score())
                .as("only the contract-wide reasons")
                .isEqualByComparingTo("0.1200");
    }

    /**
     * December at the cap, where helpdesk's breaches earned nothing that counts: one credited 200.00
     * and then withdrawn, one capped to 0.00. Availability's credits are what hit the cap.
     */
    @Test
    void aClauseWhoseCreditsInAMonthAtTheCapWereWithdrawnOrCappedToNothingDidNotHitIt() {
        ContractView contract = ContractFold.replay(Story.contract("EXP-2")
                .agreedClause(Story.AVAILABILITY, "5")
                .agreedClause(Story.HELPDESK, "2")
                .signed()
                .breach("h1", Story.HELPDESK, "2026-12-01T10:00:00Z", null, MINUTES)
                .breach("b1", Story.AVAILABILITY, "2026-12-03T02:00:00Z", null, PERCENT)
                .breach("b2", Story.AVAILABILITY, "2026-12-08T02:00:00Z", null, PERCENT)
                .disputed("h1", "not ours")
                .withdrawn("h1", "200.00")
                .breach("b3", Story.AVAILABILITY, "2026-12-20T02:00:00Z", null, PERCENT)
                .breach("h2", Story.HELPDESK, "2026-12-28T10:00:00Z", null, MINUTES)
                .envelopes());
        assertThat(contract.credits())
                .singleElement()
                .satisfies(m -> assertThat(m.capReached()).isTrue());
        assertThat(contract.breach("h2").orElseThrow().credited()).isEqualTo(eur("0.00"));

        ContractPinch pinch = ContractPinch.of(contract, LocalDate.parse("2027-01-15"), 2);

        assertThat(pinch.clauses())
                .filteredOn(c -> c.clauseId().equals("availability"))
                .singleElement()
                .satisfies(c -> assertThat(c.reasons().get(0).numbers()).containsEntry("monthsAtCap", 1L));
        assertThat(pinch.clauses())
                .filteredOn(c -> c.clauseId().equals("helpdesk"))
                .singleElement()
                .satisfies(c -> assertThat(c.reasons().get(0).numbers()).containsEntry("monthsAtCap", 0L));
    }
}
