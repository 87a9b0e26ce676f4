package com.slaledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel memory monitor's bursts, and the latency read beside them (ADR 0009). */
class KernelStallsTest {

    private static final Instant T = Instant.parse("2026-12-02T01:00:00Z");

    @Test
    void runsCloseTogetherAreOneBurstAndShortOnesAreNotStalls() throws Exception {
        KernelStalls stalls = new KernelStalls(null);
        // A burst: 3 runs of 5 ms CPU, each 10 ms after the last.
        stalls.ran(T.plusMillis(10), 5);
        stalls.ran(T.plusMillis(20), 5);
        stalls.ran(T.plusMillis(30), 5);
        // Quiet sampling, half a second later: 2 ms, not a stall.
        stalls.ran(T.plusMillis(530), 2);
        // Sub-millisecond noise is no run at all.
        stalls.ran(T.plusMillis(800), 0.5);
        // A second burst, half a second after the quiet sampling: too far to join it.
        stalls.ran(T.plusMillis(1_030), 8);
        stalls.ran(T.plusMillis(1_080), 8);
        stalls.close();

        assertThat(stalls.bursts())
                .containsExactly(
                        new KernelStalls.Burst(T.plusMillis(5), T.plusMillis(30), 15),
                        new KernelStalls.Burst(T.plusMillis(1_022), T.plusMillis(1_080), 16));
    }

    @Test
    void besideCountsTheRequestsThatOverlappedABurstAndTheTailOfTheOthers() {
        List<Benchmarks.Timing> timings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Every 10 ms; those due in the burst's 50 ms wait for it, the others take 1-2 ms.
            Instant due = T.plusMillis(10L * i);
            boolean inBurst = i >= 100 && i < 105;
            timings.add(new Benchmarks.Timing(due, inBurst ? 40 : 1 + (i % 2)));
        }
        List<KernelStalls.Burst> bursts = List.of(new KernelStalls.Burst(T.plusMillis(1_000), T.plusMillis(1_045), 40));

        String beside = Benchmarks.beside(timings, bursts);

        // The 5 due in it, and the one due at 1,050 ms: the burst's end plus its 5 ms margin.
        assertThat(beside)
                .contains("ran 1 burst of 40 ms CPU (median)")
                .contains("3.0 % of requests overlapped one")
                .contains("p99 of the others 2.0 ms");
        assertThat(Benchmarks.beside(
                        timings,
                        List.of(bursts.get(0), new KernelStalls.Burst(T.plusMillis(1_500), T.plusMillis(1_520), 20))))
                .contains("ran 2 bursts of 20 ms CPU (median)"); // the nearer rank of 20 and 40
        assertThat(Benchmarks.beside(timings, List.of())).isEmpty();
    }
}
