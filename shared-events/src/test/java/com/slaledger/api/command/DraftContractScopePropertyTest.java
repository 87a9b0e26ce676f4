package com.slaledger.api.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.ContractId;
import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A contract's scope lists each part once: an entry that reads as an earlier one (the same text but
 * for case and surrounding spaces) is refused by name, and a scope of distinct parts is not.
 */
class DraftContractScopePropertyTest {

    @Property(tries = 1000)
    void aScopeIsRefusedExactlyWhereAnEntryRepeatsAnEarlierOne(@ForAll("scopes") List<String> scope) {
        List<String> problems = draft(scope).validate().problems().stream()
                .filter(problem -> problem.contains(" repeats "))
                .toList();

        List<String> expected = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < scope.size(); i++) {
            String key = scope.get(i).strip().toLowerCase(Locale.ROOT);
            int first = seen.indexOf(key);
            if (first >= 0) {
                expected.add("scope[" + i + "] repeats scope[" + first + "]: each part of the scope is listed once");
            }
            seen.add(key);
        }
        assertThat(problems).as("%s", scope).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<String>> scopes() {
        Arbitrary<String> part = Arbitraries.of("servers", "network", "operating systems", "helpdesk", "backups");
        Arbitrary<String> written = Combinators.combine(
                        part, Arbitraries.of("", " ", "  "), Arbitraries.of("", " "), Arbitraries.of(true, false))
                .as((text, before, after, upper) -> before + (upper ? text.toUpperCase(Locale.ROOT) : text) + after);
        return written.list().ofMaxSize(8);
    }

    private static DraftContract draft(List<String> scope) {
        return new DraftContract(
                ContractId.of("SCOPE-1"),
                "acme",
                "ACME",
                "hostco",
                "HostCo",
                "Rented servers",
                scope,
                Ownership.SUPPLIER_OWNED,
                Money.of("1000.00", "EUR"),
                new BigDecimal("12"),
                LocalDate.of(2026, 12, 1),
                null);
    }
}
