package com.slaledger.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collectors' pauses a service logged in a measured window, read from its GC log ({@link
 * ServiceProcess} starts each service with {@code -Xlog:gc,safepoint:file=...:time,uptime}). A
 * latency row names them beside its figure, as it names the kernel memory monitor's bursts: in the
 * fifty-fifth session's second full run of one tree, P2's p99 missed at 442 ms while
 * projection-service's one full collection of the run, 336 ms, fell within its 30 s (ADR 0009).
 * The figure and its target still count every sample.
 */
final class GcPauses {

    /** A pause: when the JVM logged it (as it ended), how long it stopped the service, and what it was. */
    record Pause(Instant end, double millis, String what) {

        Instant start() {
            return end.minusNanos((long) (millis * 1e6));
        }

        boolean overlaps(Instant from, Instant to) {
            return !start().isAfter(to) && !end.isBefore(from);
        }
    }

    /** {@code [2026-12-05T07:26:01.751+0000][435.027s] GC(425) Pause Full (Ergonomics) 313M->127M(282M) 336.492ms} */
    private static final Pattern PAUSE =
            Pattern.compile("^\\[([^\\]]+)\\]\\[[0-9.]+s\\] GC\\(\\d+\\) (Pause .*?) \\S+->\\S+ ([0-9.]+)ms$");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    private GcPauses() {}

    /** Every pause of a GC log; none when it cannot be read (the row then says nothing of pauses). */
    static List<Pause> read(Path log) {
        try {
            return parse(Files.readAllLines(log));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static List<Pause> parse(List<String> lines) {
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            try {
                pauses.add(new Pause(
                        OffsetDateTime.parse(m.group(1), TIME).toInstant(),
                        Double.parseDouble(m.group(3)),
                        m.group(2)));
            } catch (DateTimeParseException | NumberFormatException e) {
                // A line cut short while the JVM wrote it: not a pause to count.
            }
        }
        return pauses;
    }

    /**
     * The pauses of each service (by name, in the map's order) that overlapped the window, for a
     * row: "; collector pauses in the window: contract-service 21 (1.1 s in all, the longest 130.0 ms,
     * Pause Young (Allocation Failure)), projection-service ...". Empty when no log has any.
     */
    static String during(Instant from, Instant to, Map<String, List<Pause>> byService) {
        List<String> parts = new ArrayList<>();
        byService.forEach((service, pauses) -> {
            List<Pause> in = pauses.stream().filter(p -> p.overlaps(from, to)).toList();
            if (in.isEmpty()) {
                return;
            }
            Pause longest =
                    in.stream().max(Comparator.comparingDouble(Pause::millis)).orElseThrow();
            double total = in.stream().mapToDouble(Pause::millis).sum();
            parts.add(String.format(
                    Locale.ROOT,
                    "%s %d (%s in all, the longest %.1f ms, %s)",
                    service,
                    in.size(),
                    total >= 1000
                            ? String.format(Locale.ROOT, "%.1f s", total / 1000)
                            : String.format(Locale.ROOT, "%.0f ms", total),
                    longest.millis(),
                    longest.what()));
        });
        return parts.isEmpty() ? "" : "; collector pauses in the window: " + String.join(", ", parts);
    }

    /** {@link #during} over the services' GC logs as they stand now. */
    static String during(Instant from, Instant to, ServiceProcess... services) {
        Map<String, List<Pause>> byService = new java.util.LinkedHashMap<>();
        for (ServiceProcess service : services) {
            byService.put(service.name, read(service.gcLog()));
        }
        return during(from, to, byService);
    }
}
