package com.slaledger.benchmarks;

import com.slaledger.local.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** One service in a process of its own, as in production, so its start-up and memory can be measured. */
final class ServiceProcess implements AutoCloseable {

    /**
     * A service, the environment variable that names its own executable jar, the one its image
     * runs (Dockerfile), and its collector options with the variable that overrides them.
     * benchmarks/run builds the jars and sets the variables. Not the harness's jar: that one carries
     * both services, the broker and test libraries, and a service started from it took a third
     * longer to start (ADR 0009).
     */
    enum Service {
        /** The serial collector: on two shared cores none other shortened the intake's tail (ADR 0009). */
        CONTRACT("BENCH_CONTRACT_JAR", "BENCH_CONTRACT_GC", List.of("-XX:+UseSerialGC")),
        /**
         * The parallel collector since the fiftieth session: the rebuild ran 9-20 % faster on it than
         * on the serial one, back to back, and the queries no slower (ADR 0009).
         */
        PROJECTION("BENCH_PROJECTION_JAR", "BENCH_PROJECTION_GC", List.of("-XX:+UseParallelGC"));

        private final String jarVariable;
        private final String collectorVariable;
        private final List<String> defaultCollector;

        Service(String jarVariable, String collectorVariable, List<String> defaultCollector) {
            this.jarVariable = jarVariable;
            this.collectorVariable = collectorVariable;
            this.defaultCollector = defaultCollector;
        }

        /**
         * The collector's options: the service's own default, unless the variable names others
         * (space-separated, for example {@code -XX:+UseShenandoahGC}, or any JVM options) to measure
         * them against it.
         */
        List<String> collector(Map<String, String> environment) {
            String named = environment.getOrDefault(collectorVariable, "").strip();
            return named.isEmpty() ? defaultCollector : List.of(named.split("\\s+"));
        }

        Path jar() {
            return jar(System.getenv());
        }

        Path jar(Map<String, String> environment) {
            String named = environment.get(jarVariable);
            if (named == null || !Files.isRegularFile(Path.of(named))) {
                throw new IllegalStateException(jarVariable + " does not name a service jar (" + named
                        + "); start the benchmarks through benchmarks/run, which builds the jars and sets it");
            }
            return Path.of(named);
        }
    }

    /**
     * For a run's results (benchmarks and faults): each service's collector options, always, since
     * the defaults changed once (runs before the fiftieth session name none where both ran the
     * serial collector).
     */
    static String describeCollectors(Map<String, String> environment) {
        Map<Service, List<String>> collectors = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            collectors.put(service, service.collector(environment));
        }
        return collectors.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "-service " + String.join(" ", e.getValue()))
                .collect(Collectors.joining(", ", "collectors: ", ""));
    }

    private final Process process;
    private final Path log;
    private final long launched;
    final String name;
    final String url;
    /** From the launch to the first healthy answer; set by {@link #awaitHealthy()}. */
    double startupSeconds;

    private long peakRssKb;

    private ServiceProcess(String name, Process process, Path log, String url, long launched) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.url = url;
        this.launched = launched;
    }

    /** Its collectors' pauses and safepoints with their wall-clock times ({@link #command}). */
    Path gcLog() {
        return log.resolveSibling(name + "-gc.log");
    }

    /** Long enough for a cold start on two busy cores, short enough that a stuck start fails the run. */
    private static final Duration START_UP_LIMIT = Duration.ofMinutes(3);

    /** On a free port; the process is killed when it fails to start and when the harness exits. */
    static ServiceProcess start(String name, Service which, List<String> arguments, Path logs)
            throws IOException, InterruptedException {
        return launch(name, which, arguments, logs).awaitHealthy();
    }

    /** As {@link #start}, with JVM options after the collector's, so that an {@code -Xmx} among them wins. */
    static ServiceProcess start(String name, Service which, List<String> arguments, Path logs, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return launch(name, which, arguments, logs, jvmOptions).awaitHealthy();
    }

    /**
     * Starts the process and returns at once, before it is healthy: for a process that is meant to
     * wait, as a second projection-service waits for the writer lock (ADR 0029). Its RSS is not
     * sampled until {@link #awaitHealthy()}.
     */
    static ServiceProcess launch(String name, Service which, List<String> arguments, Path logs) throws IOException {
        return launch(name, which, arguments, logs, List.of());
    }

    private static ServiceProcess launch(
            String name, Service which, List<String> arguments, Path logs, List<String> jvmOptions) throws IOException {
        int port = FreePorts.take(1)[0];
        List<String> command = command(name, which, which.jar(), port, logs, arguments, System.getenv(), jvmOptions);
        Files.createDirectories(logs);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new ServiceProcess(name, process, logs.resolve(name + ".log"), "http://localhost:" + port, started);
    }

    /**
     * The service's command line: the JVM's options, the service's collector options after {@code
     * -Xmx512m} and {@code jvmOptions} after those (so that an {@code -Xmx} among them wins: the JVM
     * takes the last), then the jar and its arguments.
     */
    static List<String> command(
            String name,
            Service which,
            Path jar,
            int port,
            Path logs,
            List<String> arguments,
            Map<String, String> environment,
            List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // As the images do: a heap that runs out ends the process (ADR 0036).
                "-XX:+ExitOnOutOfMemoryError",
                // Each pause and safepoint with its wall-clock time, to lay a latency tail beside them.
                "-Xlog:gc,safepoint:file=" + logs.resolve(name + "-gc.log") + ":time,uptime",
                "-Ddisable-axoniq-console-message=true",
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
        List<String> collector = which.collector(environment);
        command.addAll(2, collector);
        command.addAll(2 + collector.size(), jvmOptions);
        if (environment.get("BENCH_JFR") != null) {
            command.add(1, "-XX:StartFlightRecording=filename=" + logs.resolve(name + ".jfr") + ",settings=profile");
        }
        command.addAll(arguments);
        return command;
    }

    /**
     * Waits until the health endpoint answers UP, then samples RSS from then on. Kills the process
     * and fails when it exits first or is not healthy within {@link #START_UP_LIMIT} of its launch.
     */
    ServiceProcess awaitHealthy() throws InterruptedException {
        long deadline = launched + START_UP_LIMIT.toNanos();
        while (!healthy()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " not healthy within " + START_UP_LIMIT + "; see " + log);
            }
            Thread.sleep(100);
        }
        startupSeconds = (System.nanoTime() - launched) / 1e9;
        sampling = SAMPLER.scheduleAtFixedRate(this::sampleRssKb, 0, 250, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether the health endpoint answers 200 and UP now; false while no web server listens. */
    boolean healthy() throws InterruptedException {
        try {
            HttpResponse<String> health = HEALTH.send(
                    HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException notListening) {
            return false;
        }
    }

    private static final HttpClient HEALTH = HttpClient.newHttpClient();

    /** Whether the process still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** What the process has logged so far. */
    String logged() throws IOException {
        return new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Resident memory sampled on a timer, whatever the benchmark is doing (not per request). */
    private static final ScheduledExecutorService SAMPLER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** Null until the process is healthy. */
    private ScheduledFuture<?> sampling;

    private void stopSampling() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }

    /** Samples the resident set size; keeps the peak. Called by the timer every 250 ms. */
    long sampleRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    peakRssKb = Math.max(peakRssKb, kb);
                    return kb;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // not on Linux, or the process ended
        }
        return -1;
    }

    long peakRssKb() {
        return peakRssKb;
    }

    /** CPU seconds this service's JIT compiler threads have used so far ({@link #compilerCpuSeconds(long)}). */
    double compilerCpuSeconds() {
        return compilerCpuSeconds(process.pid());
    }

    /**
     * CPU seconds the JIT compiler threads of process {@code pid} have used so far (user and system),
     * from {@code /proc/<pid>/task/<tid>/stat}, whose second field is the thread's name (HotSpot's "C1
     * CompilerThread0", "C2 CompilerThread0", cut to 15 characters). 0 where there is no {@code /proc}.
     */
    static double compilerCpuSeconds(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(open + 1, close).contains("CompilerThre")) {
                        continue;
                    }
                    // After the name: state (field 3) ... utime (14), stime (15).
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return 0;
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    /** Linux's USER_HZ, 100 on every architecture the services run on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** How a stop with SIGTERM went: how long it took, whether the process ended by itself, its exit code. */
    record Stopped(String name, long millis, boolean exited, int exitCode, List<String> errors) {

        /**
         * Ended by itself within the limit, as the JVM ends on SIGTERM (143: 128 + 15, or 0), with no
         * line logged at ERROR.
         */
        boolean clean() {
            return exited && (exitCode == 143 || exitCode == 0) && errors.isEmpty();
        }

        @Override
        public String toString() {
            return name + " "
                    + (exited
                            ? "stopped in " + millis + " ms, exit " + exitCode
                            : "did not stop within " + millis + " ms and was killed")
                    + (errors.isEmpty() ? "" : ", " + errors.size() + " ERROR lines: " + errors.get(0));
        }
    }

    /**
     * SIGTERM, as a platform stops a container (a rolling deploy), then waits up to {@code limit}
     * for the process to end by itself; kills it after that. Reports what its log said at ERROR
     * from the moment of the signal.
     */
    Stopped stop(Duration limit) throws InterruptedException, IOException {
        stopSampling();
        return stop(name, process, log, limit);
    }

    /** {@link #stop(Duration)} of any process whose output goes to {@code log}. */
    static Stopped stop(String name, Process process, Path log, Duration limit)
            throws InterruptedException, IOException {
        long logged = Files.size(log);
        long signalled = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        long millis = (System.nanoTime() - signalled) / 1_000_000;
        if (!exited) {
            process.destroyForcibly();
            process.waitFor();
        }
        List<String> errors;
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logged);
            errors = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.contains(" ERROR "))
                    .toList();
        }
        return new Stopped(name, millis, exited, exited ? process.exitValue() : -1, errors);
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        stopSampling();
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stopSampling();
        process.destroy();
        process.waitFor();
    }
}
