package com.slaledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.SignContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Any agreed clause and any amendment of it, its numbers written with more or fewer decimals: the
 * amendment is refused as {@code NO_CHANGE} exactly when it would leave the clause as it is, in a
 * draft and on an active contract alike.
 */
class AmendmentPropertyTest {

    private static final Instant NOW = ContractScenario.NOW;
    private static final ClauseId CLAUSE = ClauseId.of("availability");
    private static final AtomicLong IDS = new AtomicLong();
    private static final InMemoryContracts CONTRACTS = new InMemoryContracts().start();

    @AfterContainer
    static void stop() {
        CONTRACTS.stop();
    }

    record Wording(String text, ServiceLevel level, BigDecimal credit) {}

    @Property(tries = 400)
    void anAmendmentThatChangesNothingIsRefused(
            @ForAll("wordings") Wording agreed,
            @ForAll("wordings") Wording other,
            @ForAll boolean copy,
            @ForAll @IntRange(max = 3) int extraDecimals,
            @ForAll boolean active) {
        Wording proposed = copy ? rescaled(agreed, extraDecimals) : other;
        ContractId id = ContractId.of("AMEND-" + IDS.incrementAndGet());
        CONTRACTS.send(Party.CLIENT, ContractScenario.draftContract(id), NOW);
        CONTRACTS.send(
                Party.CLIENT,
                new DraftClause(id, CLAUSE, "Availability", agreed.text(), null, agreed.level(), agreed.credit()),
                NOW);
        if (active) {
            CONTRACTS.send(Party.CLIENT, new SignContract(id), NOW);
            CONTRACTS.send(Party.SUPPLIER, new SignContract(id), NOW);
        }
        RejectionCode answer = CONTRACTS.send(
                Party.SUPPLIER,
                new AmendClause(id, CLAUSE, proposed.text(), proposed.level(), proposed.credit(), "pinches"),
                NOW);

        boolean same = agreed.text().equals(proposed.text())
                && Objects.equals(normal(agreed.level()), normal(proposed.level()))
                && Objects.equals(normal(agreed.credit()), normal(proposed.credit()));
        assertThat(answer).as("%s -> %s", agreed, proposed).isEqualTo(same ? RejectionCode.NO_CHANGE : null);
        Statistics.collect(same ? "same" : "changed", active ? "active" : "draft");
    }

    /** The same wording with its numbers written with other decimals, within the limit of 4. */
    private static Wording rescaled(Wording w, int extra) {
        return new Wording(
                w.text(),
                w.level() == null
                        ? null
                        : new ServiceLevel(
                                w.level().metric(),
                                rescaled(w.level().target(), extra),
                                w.level().unit(),
                                w.level().window()),
                w.credit() == null ? null : rescaled(w.credit(), extra));
    }

    private static BigDecimal rescaled(BigDecimal value, int extra) {
        BigDecimal shortest = value.stripTrailingZeros();
        return shortest.setScale(Math.max(shortest.scale(), 0) + extra);
    }

    private static ServiceLevel normal(ServiceLevel level) {
        return level == null
                ? null
                : new ServiceLevel(level.metric(), normal(level.target()), level.unit(), level.window());
    }

    private static BigDecimal normal(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    /** Few enough choices that an amendment often repeats the clause, with numbers rescaled. */
    @Provide
    Arbitrary<Wording> wordings() {
        Arbitrary<Integer> extraDecimals = Arbitraries.integers().between(0, 3);
        Arbitrary<ServiceLevel> level = Combinators.combine(
                        Arbitraries.of(
                                new ServiceLevel(
                                        ServiceLevel.Metric.AVAILABILITY,
                                        new BigDecimal("99.8"),
                                        ServiceLevel.Unit.PERCENT,
                                        ServiceLevel.Window.MONTH),
                                new ServiceLevel(
                                        ServiceLevel.Metric.RESPONSE_TIME,
                                        new BigDecimal("30"),
                                        ServiceLevel.Unit.MINUTES,
                                        ServiceLevel.Window.MONTH)),
                        extraDecimals)
                .as((l, extra) -> new ServiceLevel(
                        l.metric(), l.target().setScale(l.target().scale() + extra), l.unit(), l.window()))
                .injectNull(0.3);
        Arbitrary<BigDecimal> credit = Combinators.combine(
                        Arbitraries.of(new BigDecimal("5"), new BigDecimal("2.5")), extraDecimals)
                .as((c, extra) -> c.setScale(c.scale() + extra))
                .injectNull(0.3);
        return Combinators.combine(Arbitraries.of("99.8 % a month.", "99.5 % a month."), level, credit)
                .as(Wording::new);
    }
}
