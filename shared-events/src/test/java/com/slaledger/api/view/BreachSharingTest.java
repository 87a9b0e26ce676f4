package com.slaledger.api.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.Party;
import com.slaledger.api.PartyRef;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractDrafted;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractSigned;
import com.slaledger.api.event.CreditExplanation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A recorded breach holds the instances it has in common with the contract's previous breach and
 * its clause instead of copies of its own (ADR 0009: the aggregate holds every breach of every
 * contract it caches). The values never change: only which equal instance is held.
 */
class BreachSharingTest {

    private static final ContractId CONTRACT = ContractId.of("SLA-SHARING");
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    @Property(tries = 500)
    void sharingNeverChangesTheValue(
            @ForAll("credits") CreditExplanation credit, @ForAll("credits") CreditExplanation previous) {
        assertThat(ContractFold.sharing(credit, previous)).isEqualTo(credit);
        assertThat(ContractFold.sharing(credit, null)).isSameAs(credit);
        assertThat(ContractFold.sharing(null, previous)).isNull();
    }

    @Property(tries = 500)
    void everyPartEqualToThePreviousOnesIsThePreviousOne(
            @ForAll("credits") CreditExplanation credit, @ForAll("credits") CreditExplanation previous) {
        CreditExplanation shared = ContractFold.sharing(credit, previous);
        for (Function<CreditExplanation, Object> part : List.<Function<CreditExplanation, Object>>of(
                CreditExplanation::month,
                CreditExplanation::creditPercent,
                CreditExplanation::monthlyFee,
                CreditExplanation::atRiskPercent,
                CreditExplanation::atRiskAmount,
                CreditExplanation::creditedBefore,
                CreditExplanation::amountBeforeCap,
                CreditExplanation::credited)) {
            Object expected =
                    part.apply(credit).equals(part.apply(previous)) ? part.apply(previous) : part.apply(credit);
            assertThat(part.apply(shared)).isSameAs(expected);
        }
        if (credit.equals(previous)) {
            assertThat(shared).isSameAs(previous);
        }
    }

    /** Two breaches folded from events read apart (equal, not the same instances), as after a reload. */
    @Test
    void aFoldedBreachHoldsItsClausesIdAndThePreviousBreachsEqualCredit() {
        ContractView active = fold(
                null,
                new ContractDrafted(
                        CONTRACT,
                        new PartyRef("acme", "ACME"),
                        new PartyRef("hostco", "HostCo"),
                        "Rented servers",
                        List.of("servers"),
                        Ownership.SUPPLIER_OWNED,
                        Money.of("1000.00", "EUR"),
                        new BigDecimal("10"),
                        LocalDate.parse("2026-01-01"),
                        null),
                new ClauseDrafted(
                        CONTRACT,
                        ClauseId.of("availability"),
                        "Availability",
                        "99.9 %",
                        null,
                        null,
                        new BigDecimal("5")),
                new ContractSigned(CONTRACT, Party.SUPPLIER),
                new ContractSigned(CONTRACT, Party.CLIENT),
                new ContractActivated(CONTRACT, ContractVersion.FIRST));

        ContractView after = fold(active, breach("first"), breach("second"), breach("third"));

        String clauseId = active.clause("availability").orElseThrow().clauseId();
        List<BreachView> breaches = after.breaches();
        assertThat(breaches).extracting(BreachView::breachId).containsExactly("first", "second", "third");
        assertThat(breaches).allSatisfy(b -> assertThat(b.clauseId()).isSameAs(clauseId));
        assertThat(breaches.get(1).credit())
                .isEqualTo(capped())
                .isSameAs(breaches.get(0).credit());
        assertThat(breaches.get(2).credit()).isSameAs(breaches.get(0).credit());
    }

    private static ContractView fold(ContractView from, ContractEvent... events) {
        ContractView view = from;
        for (ContractEvent event : events) {
            long sequence = view == null ? 0 : view.lastSequence() + 1;
            view = ContractFold.apply(view, event, new ContractFold.Stamp(sequence, AT));
        }
        return view;
    }

    /** A breach past the month's cap: every part of its credit equals the previous breach's. */
    private static BreachRecorded breach(String id) {
        return new BreachRecorded(
                CONTRACT,
                BreachId.of(id),
                ClauseId.of(new String("availability")),
                AT,
                null,
                "outage",
                BreachTreatment.CREDITED,
                capped());
    }

    private static CreditExplanation capped() {
        return new CreditExplanation(
                YearMonth.of(2026, 6),
                new BigDecimal("5"),
                Money.of("1000.00", "EUR"),
                new BigDecimal("10"),
                Money.of("100.00", "EUR"),
                Money.of("100.00", "EUR"),
                Money.of("50.00", "EUR"),
                Money.of("0.00", "EUR"),
                true);
    }

    /** Parts drawn from small pools, each built anew, so that equal parts are usually not the same instance. */
    @Provide
    Arbitrary<CreditExplanation> credits() {
        Arbitrary<Money> money =
                Arbitraries.of("0.00", "50.00", "100.00", "100.0").map(a -> Money.of(a, "EUR"));
        Arbitrary<BigDecimal> percent = Arbitraries.of("5", "10", "10.0").map(BigDecimal::new);
        Arbitrary<YearMonth> month = Arbitraries.integers().between(5, 6).map(m -> YearMonth.of(2026, m));
        return Combinators.combine(month, percent, money, percent, money, money, money, money)
                .as((m, cp, fee, ap, risk, before, uncapped, credited) -> new CreditExplanation(
                        m, cp, fee, ap, risk, before, uncapped, credited, uncapped.isGreaterThan(credited)));
    }
}
