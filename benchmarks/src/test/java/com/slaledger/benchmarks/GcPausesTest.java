package com.slaledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collectors' pauses a latency row names, read from the services' GC logs (ADR 0009). */
class GcPausesTest {

    /** Lines as the serial and the parallel collector write them with {@code -Xlog:gc,safepoint::time,uptime}. */
    private static final List<String> LOG = List.of(
            "[2026-12-05T07:18:46.727+0000][0.003s] Using Parallel",
            "[2026-12-05T07:25:59.751+0000][440.376s] GC(477) Pause Young (Allocation Failure) 276M->176M(365M) 53.618ms",
            "[2026-12-05T07:25:59.800+0000][440.425s] Safepoint \"ParallelGCFailedAllocation\", Time since last:"
                    + " 24709669 ns, Reaching safepoint: 2243 ns, Cleanup: 13120 ns, At safepoint: 7737000 ns, Total:"
                    + " 7752363 ns",
            "[2026-12-05T07:26:01.005+0000][441.630s] GC(478) Pause Young (Allocation Failure) 277M->177M(365M) 129.975ms",
            "[2026-12-05T07:26:01.751+0000][435.027s] GC(425) Pause Full (Ergonomics) 313M->127M(282M) 336.492ms",
            "[2026-12-05T07:26:02.029+0000][442.654s] GC(479) Pause Young (Allocation Failure) 278M->176M(365M) 35.1",
            "[2026-12-05T07:26:03.000+0000][443.000s] GC(480) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 3.123ms");

    @Test
    void everyPauseIsReadWithWhenItEndedHowLongAndWhatItWasAndNothingElse() {
        assertThat(GcPauses.parse(LOG))
                .containsExactly(
                        new GcPauses.Pause(
                                Instant.parse("2026-12-05T07:25:59.751Z"), 53.618, "Pause Young (Allocation Failure)"),
                        new GcPauses.Pause(
                                Instant.parse("2026-12-05T07:26:01.005Z"), 129.975, "Pause Young (Allocation Failure)"),
                        new GcPauses.Pause(
                                Instant.parse("2026-12-05T07:26:01.751Z"), 336.492, "Pause Full (Ergonomics)"),
                        new GcPauses.Pause(
                                Instant.parse("2026-12-05T07:26:03Z"),
                                3.123,
                                "Pause Young (Normal) (G1 Evacuation Pause)"));
    }

    @Test
    void aRowNamesEachServicesPausesThatOverlappedTheWindowTheirSumAndTheLongest() {
        List<GcPauses.Pause> pauses = GcPauses.parse(LOG);
        Map<String, List<GcPauses.Pause>> byService = new LinkedHashMap<>();
        byService.put("contract-service", pauses.subList(0, 2));
        byService.put("projection-service", pauses.subList(2, 4));

        // A window that ends while the full collection (07:26:01.414 to .751) still runs counts it;
        // the young collection that ended at 07:26:01.005, before the window, does not.
        assertThat(GcPauses.during(
                        Instant.parse("2026-12-05T07:26:01.200Z"),
                        Instant.parse("2026-12-05T07:26:01.500Z"),
                        byService))
                .isEqualTo("; collector pauses in the window: projection-service 1 (336 ms in all, the longest 336.5"
                        + " ms, Pause Full (Ergonomics))");
        assertThat(GcPauses.during(
                        Instant.parse("2026-12-05T07:25:59.000Z"),
                        Instant.parse("2026-12-05T07:26:03.000Z"),
                        byService))
                .isEqualTo("; collector pauses in the window: contract-service 2 (184 ms in all, the longest 130.0 ms,"
                        + " Pause Young (Allocation Failure)), projection-service 2 (340 ms in all, the longest 336.5"
                        + " ms, Pause Full (Ergonomics))");
        assertThat(GcPauses.during(
                        Instant.parse("2026-12-05T07:26:04Z"), Instant.parse("2026-12-05T07:26:05Z"), byService))
                .isEmpty();
    }

    @Test
    void aLogThatCannotBeReadHasNoPauses(@TempDir Path folder) throws Exception {
        assertThat(GcPauses.read(folder.resolve("missing-gc.log"))).isEmpty();
        Path log = Files.write(folder.resolve("service-gc.log"), LOG);
        assertThat(GcPauses.read(log)).hasSize(4);
    }
}
