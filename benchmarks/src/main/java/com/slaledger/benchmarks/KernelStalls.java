package com.slaledger.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bursts of the kernel's memory monitor (DAMON's {@code kdamond} thread) while a benchmark
 * measures: its CPU time read every 5 ms from {@code /proc/<pid>/schedstat}, runs of it grouped into
 * bursts. On this sandbox it samples every 500 ms. How long a sample runs depends on the machine: on
 * one, under load, its samples ran 20-80 ms, and the services, the load generator and a probe that
 * only sleeps stalled at the same instants; on another only a few a minute passed 10 ms (ADR 0009,
 * "P4's tail: the kernel's memory monitor", "A new machine, and a quiet memory monitor"). Knowing
 * when lets a latency tail be read beside it;
 * the targets are still judged on every request. Bursts can be read once it is closed.
 */
final class KernelStalls implements AutoCloseable {

    /** A burst: from when the monitor began running to when it last ran, and its CPU time. */
    record Burst(Instant from, Instant to, double cpuMillis) {

        boolean overlaps(Instant start, Instant end) {
            return !from.minusMillis(5).isAfter(end) && !to.plusMillis(5).isBefore(start);
        }
    }

    /** Runs closer than this belong to one burst. */
    private static final Duration JOIN = Duration.ofMillis(60);

    /** A burst shorter than this in CPU time is the monitor's quiet sampling, not a stall. */
    private static final double STALL_CPU_MILLIS = 10;

    private final Path schedstat;
    private final Thread thread;
    private final List<Burst> bursts = new ArrayList<>();
    private Burst current;
    private volatile boolean stop;

    /** Sampling {@code schedstat} on a thread of its own; without one, fed by {@link #ran}. */
    KernelStalls(Path schedstat) {
        this.schedstat = schedstat;
        if (schedstat == null) {
            this.thread = null;
            return;
        }
        this.thread = new Thread(this::sample, "kdamond-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sampling, when a monitor thread runs on this machine; otherwise one that sees no bursts. */
    static KernelStalls start() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return new KernelStalls(processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> comm(p).startsWith("kdamond"))
                    .findFirst()
                    .map(p -> p.resolve("schedstat"))
                    .orElse(null));
        } catch (IOException | RuntimeException e) {
            return new KernelStalls(null);
        }
    }

    /**
     * The monitor's settings for a results file's {@code machine} line, empty when none runs: on
     * this sandbox DAMON samples every 500 ms.
     */
    static String describe() {
        Path kdamonds = Path.of("/sys/kernel/mm/damon/admin/kdamonds");
        try (Stream<Path> all = Files.list(kdamonds)) {
            List<String> on = new ArrayList<>();
            for (Path kdamond : all.filter(Files::isDirectory).sorted().toList()) {
                if (Files.readString(kdamond.resolve("state")).trim().equals("on")) {
                    Path sample = kdamond.resolve("contexts/0/monitoring_attrs/intervals/sample_us");
                    on.add(
                            Files.exists(sample)
                                    ? "sampling every "
                                            + Long.parseLong(Files.readString(sample)
                                                            .trim())
                                                    / 1000 + " ms"
                                    : "on");
                }
            }
            return on.isEmpty() ? "" : "; kernel memory monitor (DAMON) " + String.join(", ", on);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private void sample() {
        long previous = -1;
        while (!stop) {
            try {
                long ns = Long.parseLong(Files.readString(schedstat).split(" ")[0]);
                if (previous >= 0) {
                    ran(Instant.now(), (ns - previous) / 1e6);
                }
                previous = ns;
                Thread.sleep(5);
            } catch (IOException | RuntimeException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ended();
    }

    /**
     * The monitor ran {@code millis} of CPU in the sample that ended at {@code now}: a run within
     * {@link #JOIN} of the last one continues its burst, another starts a new one.
     */
    void ran(Instant now, double millis) {
        if (millis < 1) {
            return;
        }
        synchronized (bursts) {
            if (current != null && Duration.between(current.to(), now).compareTo(JOIN) < 0) {
                current = new Burst(current.from(), now, current.cpuMillis() + millis);
            } else {
                ended();
                current = new Burst(now.minusNanos((long) (millis * 1e6)), now, millis);
            }
        }
    }

    /** The burst under way is over: kept if it was long enough to be a stall. */
    private void ended() {
        synchronized (bursts) {
            if (current != null && current.cpuMillis() >= STALL_CPU_MILLIS) {
                bursts.add(current);
            }
            current = null;
        }
    }

    /** The stalls seen so far. */
    List<Burst> bursts() {
        synchronized (bursts) {
            return List.copyOf(bursts);
        }
    }

    /** Stops sampling; the burst under way, if any, counts as ended. */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        if (thread != null) {
            thread.join(1_000);
        }
        ended();
    }
}
