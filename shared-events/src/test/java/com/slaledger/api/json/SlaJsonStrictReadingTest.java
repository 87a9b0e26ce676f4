package com.slaledger.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.Ownership;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one JSON setup refuses a value of the wrong kind instead of converting it: a conversion would
 * store, hash and show something the sender did not write.
 */
class SlaJsonStrictReadingTest {

    record Fields(
            Integer score, Boolean wouldRecommend, Ownership ownership, LocalDate day, YearMonth month, Instant at) {}

    @Property(tries = 300)
    void aFractionIsNotCutToAWholeNumber(@ForAll @IntRange(min = -1_000_000, max = 1_000_000) int whole) {
        assertThat(read("{\"score\":" + whole + "}").score()).isEqualTo(whole);
        assertRefused("{\"score\":" + whole + ".5}", Integer.class);
        assertRefused("{\"score\":" + whole + ".0}", Integer.class);
    }

    /** JSON has whole numbers and true/false of their own; the same written as text is refused. */
    @Property(tries = 300)
    void textIsNotTakenForAWholeNumberOrForTrueOrFalse(
            @ForAll @IntRange(min = -1_000_000, max = 1_000_000) int whole,
            @ForAll("spellings") String spelling,
            @ForAll boolean upperCase) {
        String truth = Boolean.toString(whole % 2 == 0);
        assertRefused("{\"score\":\"" + spelling.formatted(whole) + "\"}", Integer.class);
        assertRefused(
                "{\"wouldRecommend\":\"" + spelling.formatted(upperCase ? truth.toUpperCase() : truth) + "\"}",
                Boolean.class);
    }

    @Provide
    Arbitrary<String> spellings() {
        return Arbitraries.of("%s", " %s", "%s ", "+%s", "0%s", "\\t%s");
    }

    @Property(tries = 100)
    void aNumberIsNotTakenForTrueOrFalseOrForAnEnumsName(@ForAll @IntRange(min = -3, max = 3) int number) {
        assertThat(read("{\"wouldRecommend\":true,\"ownership\":\"CLIENT_OWNED\"}")
                        .ownership())
                .isEqualTo(Ownership.CLIENT_OWNED);
        assertRefused("{\"wouldRecommend\":" + number + "}", Boolean.class);
        assertRefused("{\"ownership\":" + number + "}", Ownership.class);
    }

    @Property(tries = 300)
    void aNumberIsNotTakenForADayAMonthOrAnInstant(@ForAll @IntRange(min = 0, max = 2_000_000_000) int number) {
        assertThat(read("{\"day\":\"2026-12-01\",\"month\":\"2026-11\",\"at\":\"2026-11-27T09:15:00Z\"}"))
                .isEqualTo(new Fields(
                        null,
                        null,
                        null,
                        LocalDate.of(2026, 12, 1),
                        YearMonth.of(2026, 11),
                        Instant.parse("2026-11-27T09:15:00Z")));
        assertRefused("{\"day\":" + number + "}", LocalDate.class);
        assertRefused("{\"month\":" + number + "}", YearMonth.class);
        assertRefused("{\"at\":" + number + "}", Instant.class);
        assertRefused("{\"at\":" + number + ".25}", Instant.class);
    }

    /** Decimals still come as numbers or as text, which is how money is written ("12.50"). */
    @Property(tries = 100)
    void aDecimalIsReadFromANumberOrFromText(@ForAll @IntRange(min = 0, max = 1_000_000) int cents) {
        BigDecimal amount = BigDecimal.valueOf(cents, 2);
        assertThat(SlaJson.mapper().readValue("\"" + amount.toPlainString() + "\"", BigDecimal.class))
                .isEqualTo(amount);
        assertThat(SlaJson.mapper().readValue(amount.toPlainString(), BigDecimal.class))
                .isEqualTo(amount);
    }

    private static Fields read(String json) {
        return SlaJson.mapper().readValue(json, Fields.class);
    }

    private static void assertRefused(String json, Class<?> target) {
        assertThatThrownBy(() -> read(json))
                .as(json)
                .isInstanceOfSatisfying(
                        MismatchedInputException.class,
                        e -> assertThat(e.getTargetType()).isEqualTo(target));
    }
}
