package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class UtcCalendarPropertyTest {

    /** Any instant of years -9999 to 9999, to the nanosecond, against the JDK's zone arithmetic. */
    @Property(tries = 2000)
    void theDayAndMonthAreTheJdksInUtc(
            @ForAll @LongRange(min = -377_705_116_800L, max = 253_402_300_799L) long second,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(second, nanos);

        assertThat(UtcCalendar.day(instant)).isEqualTo(LocalDate.ofInstant(instant, ZoneOffset.UTC));
        assertThat(UtcCalendar.month(instant)).isEqualTo(YearMonth.from(instant.atZone(ZoneOffset.UTC)));
    }

    @Property(tries = 200)
    void theLastNanosecondOfADayIsStillThatDay(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long epochDay) {
        Instant lastOfDay = Instant.ofEpochSecond(epochDay * 86_400 + 86_399, 999_999_999);

        assertThat(UtcCalendar.day(lastOfDay)).isEqualTo(LocalDate.ofEpochDay(epochDay));
        assertThat(UtcCalendar.day(lastOfDay.plusNanos(1))).isEqualTo(LocalDate.ofEpochDay(epochDay + 1));
    }
}
