package com.slaledger.intake;

import java.time.Duration;

/** The intake's settings for unit tests that construct its parts by hand: the defaults, small. */
final class TestIntakeProperties {

    private TestIntakeProperties() {}

    static IntakeProperties withMaxRecordBytes(int maxRecordBytes) {
        return new IntakeProperties(
                "c",
                "r",
                "d",
                "g",
                1,
                1,
                maxRecordBytes,
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                true,
                Duration.ofMillis(100),
                true,
                Duration.ofMillis(10),
                Duration.ofDays(7));
    }
}
