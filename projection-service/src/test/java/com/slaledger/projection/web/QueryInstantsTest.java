package com.slaledger.projection.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** An instant parameter is read as written, within the years 1 to 9999, or refused. */
class QueryInstantsTest {

    @Property(tries = 2000)
    void everyInstantOfTheYearsIsReadBackWithAnyOffset(
            @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
            @ForAll @IntRange(min = -18 * 3600, max = 18 * 3600) int offsetSeconds) {
        Instant instant = Instant.ofEpochSecond(second, nano);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds / 60 * 60);
        String written = instant.atOffset(offset).toString();
        assertThat(QueryInstants.parse(written)).as(written).isEqualTo(instant);
    }

    @Property(tries = 2000)
    void everyInstantOutsideTheYearsIsRefused(@ForAll("outside") long second) {
        String written = Instant.ofEpochSecond(second).toString();
        assertThatThrownBy(() -> QueryInstants.parse(written)).as(written).isInstanceOf(IllegalArgumentException.class);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> outside() {
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.longs().between(Instant.MIN.getEpochSecond(), -62_135_596_801L),
                net.jqwik.api.Arbitraries.longs().between(253_402_300_800L, Instant.MAX.getEpochSecond()));
    }

    @Property(tries = 2000)
    void anyOtherTextIsRefused(@ForAll String text) {
        boolean dateTime = text.matches("[-+]?[0-9]{4,}-[0-9]{2}-[0-9]{2}T.*");
        if (!dateTime) {
            assertThatThrownBy(() -> QueryInstants.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Example
    void theEdgesOfTheYearsAndWhatWasAnswered500() {
        assertThat(QueryInstants.parse("0001-01-01T00:00:00Z")).isEqualTo(QueryInstants.EARLIEST);
        assertThat(QueryInstants.parse("9999-12-31T23:59:59.999999999Z")).isEqualTo(QueryInstants.LATEST);
        assertThat(QueryInstants.parse("2026-12-01T11:00:00+01:00")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        for (String refused : new String[] {
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "0000-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "2026-12-01T10:00:00", // no offset: no instant
            "2026-12-01",
            "1796196302"
        }) {
            assertThatThrownBy(() -> QueryInstants.parse(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
