package com.slaledger.intake;

import java.time.Duration;

/** The intake's settings for unit tests that construct its parts by hand: the defaults, small. */
public final class TestIntakeProperties {

    private TestIntakeProperties() {}

    static IntakeProperties withMaxRecordBytes(int maxRecordBytes) {
        return of("c", "r", "d", 1, maxRecordBytes);
    }

    /** The defaults on topics of the given names, the commands and results topics of {@code partitions}. */
    public static IntakeProperties withTopics(String commands, String results, String deadLetters, int partitions) {
        return of(commands, results, deadLetters, partitions, 262_144);
    }

    private static IntakeProperties of(
            String commands, String results, String deadLetters, int partitions, int maxRecordBytes) {
        return new IntakeProperties(
                commands,
                results,
                deadLetters,
                "g",
                partitions,
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
