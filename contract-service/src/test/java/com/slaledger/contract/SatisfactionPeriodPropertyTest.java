package com.slaledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.RecordSatisfaction;
import com.slaledger.api.command.SignContract;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Any month rated on any contract at any moment: the aggregate records it exactly when one of its
 * days lies within the term and it has begun by the service's clock, and otherwise names why not.
 * The expectation walks the month's days instead of comparing its ends, as the rule does.
 */
class SatisfactionPeriodPropertyTest {

    private static final AtomicLong IDS = new AtomicLong();
    private static final InMemoryContracts CONTRACTS = new InMemoryContracts().start();

    @AfterContainer
    static void stop() {
        CONTRACTS.stop();
    }

    @Property(tries = 300)
    void aMonthIsRatedWhenItOverlapsTheTermAndHasBegun(
            @ForAll("days") LocalDate start,
            @ForAll("lengths") Integer days,
            @ForAll("monthsFromStart") Integer monthsFromStart,
            @ForAll("daysFromStart") Integer receivedAfter) {
        LocalDate end = days == null ? null : start.plusDays(days);
        YearMonth period = YearMonth.from(start).plusMonths(monthsFromStart);
        LocalDate receivedOn = start.plusDays(receivedAfter);
        ContractId id = ContractId.of("SAT-" + IDS.incrementAndGet());
        Instant signedAt = start.atStartOfDay().toInstant(ZoneOffset.UTC);
        send(
                Party.CLIENT,
                ContractScenario.draftContract(
                        id, "hostco", ContractScenario.draftContract().monthlyFee(), start, end),
                signedAt);
        send(Party.CLIENT, ContractScenario.availabilityClause(id), signedAt);
        send(Party.CLIENT, new SignContract(id), signedAt);
        send(Party.SUPPLIER, new SignContract(id), signedAt);

        RejectionCode expected = null;
        if (!overlaps(period, start, end)) {
            expected = RejectionCode.PERIOD_OUT_OF_TERM;
        } else if (receivedOn.isBefore(period.atDay(1))) {
            expected = RejectionCode.PERIOD_IN_FUTURE;
        }
        Instant received = receivedOn.atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
        RejectionCode answered = send(Party.CLIENT, new RecordSatisfaction(id, period, 7, true, null), received);
        assertThat(answered)
                .as("%s on a term %s to %s, received %s", period, start, end, received)
                .isEqualTo(expected);
        Statistics.collect(answered == null ? "recorded" : answered);
    }

    private static boolean overlaps(YearMonth period, LocalDate start, LocalDate end) {
        for (LocalDate day = period.atDay(1); !day.isAfter(period.atEndOfMonth()); day = day.plusDays(1)) {
            if (!day.isBefore(start) && (end == null || !day.isAfter(end))) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.integers()
                .between(0, 4 * 365)
                .map(n -> LocalDate.parse("2025-01-01").plusDays(n));
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(1, 800).injectNull(0.25);
    }

    @Provide
    Arbitrary<Integer> monthsFromStart() {
        return Arbitraries.integers().between(-2, 14);
    }

    @Provide
    Arbitrary<Integer> daysFromStart() {
        return Arbitraries.integers().between(-45, 500);
    }

    private static RejectionCode send(Party party, Object command, Instant at) {
        return CONTRACTS.send(party, command, at);
    }
}
