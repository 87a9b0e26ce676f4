package com.slaledger.benchmarks;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.kafka.TopicReader;
import com.slaledger.local.CommandClient;
import com.slaledger.local.LocalKafka;
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.PostgresServer;
import com.slaledger.testsupport.Story;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * P1-P6 of the benchmark issue, each against a baseline measured in the same run where it has one.
 * Both services run as separate processes against the machine's PostgreSQL server (or embedded
 * PostgreSQL when none is given) and an in-process KRaft broker. Prints a markdown table and writes
 * it to benchmarks/results/.
 */
public final class Benchmarks {

    record Mode(
            String name,
            int contracts,
            Duration throughputFor,
            int lagRate,
            Duration lagFor,
            int rebuildEvents,
            int queryContracts,
            List<Integer> queryRates,
            Duration queryFor,
            int longContractEvents,
            int bigContractBreaches) {}

    static final Mode QUICK = new Mode(
            "quick",
            200,
            Duration.ofSeconds(15),
            200,
            Duration.ofSeconds(10),
            50_000,
            5_000,
            List.of(300),
            Duration.ofSeconds(10),
            1_000,
            10_000);
    static final Mode FULL = new Mode(
            "full",
            1_000,
            Duration.ofSeconds(60),
            1_000,
            Duration.ofSeconds(30),
            1_000_000,
            10_000,
            List.of(300, 1_000, 2_000),
            Duration.ofSeconds(30),
            10_000,
            100_000);
    static final int CONCURRENCY = 4;

    private final Mode mode;
    private final Set<String> only;
    private final List<String[]> rows = new ArrayList<>();
    private double baselineTxPerSecond;
    private double p1Throughput;
    /** The run's work folder: service logs, JFR recordings, P1's half-load trace. */
    private Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String secret = Tokens.newSecret();
    private final String bearer =
            "Bearer " + Tokens.mint(secret, "bench", List.of("ANALYST", "AUDITOR", "ADMIN"), null, Duration.ofHours(2));
    private final ProjectionApi api = new ProjectionApi(http, bearer);

    private Benchmarks(Mode mode, Set<String> only) {
        this.mode = mode;
        this.only = only;
    }

    /** Breaches in the folded contract whose heap P5 measures: a contract P8's size, twice over. */
    private static final int FOLDED_BREACHES = 200_000;

    /** Waivers P5 folds into that contract, each followed by a breach. */
    private static final int FOLDED_WAIVERS = 2_000;

    /** {@code BENCH_ONLY=P1,P5} runs only those (P1 includes P1-peer); unset runs everything. */
    public static void main(String[] args) {
        try {
            runAll(args);
        } catch (Throwable failed) {
            // Exit even when a broker or service thread would keep the JVM alive: CI must not hang.
            failed.printStackTrace();
            System.exit(2);
        }
        System.exit(0);
    }

    private static void runAll(String[] args) throws Exception {
        Mode mode = List.of(args).contains("--full") ? FULL : QUICK;
        String only = System.getenv("BENCH_ONLY");
        new Benchmarks(
                        mode,
                        only == null || only.isBlank()
                                ? Set.of()
                                : Set.of(only.toUpperCase().split(",")))
                .run();
    }

    private boolean wants(String id) {
        return only.isEmpty() || only.contains(id);
    }

    private void run() throws Exception {
        work = Files.createTempDirectory("sla-bench");
        log("work folder %s (service logs, and JFR recordings when BENCH_JFR is set)", work);
        String contractDb = System.getenv("BENCH_CONTRACT_DB_URL");
        String projectionDb = System.getenv("BENCH_PROJECTION_DB_URL");
        String user = System.getenv().getOrDefault("BENCH_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("BENCH_DB_PASSWORD", "postgres");
        String database = "PostgreSQL server (fsync and synchronous_commit on)";
        if (contractDb == null || projectionDb == null) {
            contractDb = PostgresServer.get().createDatabase("bench_contract").jdbcUrl();
            projectionDb =
                    PostgresServer.get().createDatabase("bench_projection").jdbcUrl();
            user = PostgresServer.get().username();
            password = PostgresServer.get().password();
            database = "embedded PostgreSQL (no server given)";
        }
        if (wants("P5")) {
            // First, while this JVM is quiet: the heap a cached contract holds per breach.
            FoldMemory.Figures folded = FoldMemory.measure(FOLDED_BREACHES, FOLDED_WAIVERS);
            row(
                    "P5",
                    String.format(
                            "heap held per breach by a folded contract (the aggregate's state), %,d breaches read back from JSON",
                            FOLDED_BREACHES),
                    String.format("%,.0f bytes", folded.bytesPerBreach()),
                    "-",
                    "-",
                    "(none)",
                    true);
            row(
                    "P5",
                    String.format("a waiver and a new breach folded into that contract (mean of %,d)", FOLDED_WAIVERS),
                    String.format("%,.1f us", folded.microsPerWaiverAndBreach()),
                    "-",
                    "-",
                    "(none)",
                    true);
        }
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(work.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            createEventsTopic(bootstrap);
            Synthetic synthetic = wants("P3") || wants("P4") || wants("P9") ? produceSyntheticEvents(bootstrap) : null;
            if (synthetic != null) {
                log(
                        "produced %,d synthetic events for %,d contracts",
                        synthetic.events(), synthetic.contractIds().size());
            }

            List<String> common = List.of(
                    "--spring.datasource.username=" + user,
                    "--spring.datasource.password=" + password,
                    "--spring.kafka.bootstrap-servers=" + bootstrap,
                    "--sla.jwt.secret=" + secret);
            List<String> contractArguments = concat(common, "--spring.datasource.url=" + contractDb);
            ServiceProcess contract = ServiceProcess.start(
                    "contract-service", ServiceProcess.Service.CONTRACT, contractArguments, work.resolve("logs"));
            try (ServiceProcess projection = ServiceProcess.start(
                            "projection-service",
                            ServiceProcess.Service.PROJECTION,
                            concat(common, "--spring.datasource.url=" + projectionDb),
                            work.resolve("logs"));
                    CommandClient client = new CommandClient(
                            bootstrap,
                            Tokens.mint(
                                    secret, "bench-integration", List.of("INTEGRATION"), null, Duration.ofHours(2)))) {
                if (synthetic != null) {
                    awaitProjected(projection, synthetic.last());
                }
                if (wants("P4")) {
                    p4Queries(projection, synthetic);
                }
                if (wants("P9")) {
                    p9Scorecard(projection, synthetic);
                }
                List<String> contracts = prepareContracts(client);
                if (wants("P1")) {
                    p1Throughput(client, contracts, contract, projection, contractDb, user, password);
                }
                if (wants("P2")) {
                    for (P2Read read : P2_READS) {
                        p2Lag(read, bootstrap, client, contracts, contract, projection);
                    }
                }
                if (wants("P5")) {
                    p5LongContract(client);
                }
                if (wants("P7")) {
                    p7Experience(client, projection);
                }
                if (wants("P8")) {
                    p8BigContract(bootstrap, projection);
                }
                if (wants("P3")) {
                    List<String> databases = List.of(contractDb, projectionDb);
                    p3Rebuild(bootstrap, projection, databases, user, password, false);
                    if ("1".equals(System.getenv("BENCH_P3_AGAIN"))) {
                        // A reading, not the figure: how much of the first rebuild was its JVM
                        // compiling the rebuild's code (ADR 0009, "A cold rebuild and a warm one").
                        p3Rebuild(bootstrap, projection, databases, user, password, true);
                    }
                }
                if (wants("P6")) {
                    row(
                            "P6",
                            "start-up contract-service / projection-service",
                            seconds(contract.startupSeconds) + " / " + seconds(projection.startupSeconds),
                            "-",
                            "-",
                            "<= 15 s",
                            Math.max(contract.startupSeconds, projection.startupSeconds) <= 15);
                    row(
                            "P6",
                            "peak resident memory under load (contract / projection)",
                            mb(contract.peakRssKb()) + " / " + mb(projection.peakRssKb()),
                            "-",
                            "-",
                            "<= 768 MB",
                            Math.max(contract.peakRssKb(), projection.peakRssKb()) <= 768 * 1024);
                }
                if (wants("P1")) {
                    // Last, since it replaces contract-service: the same service, group commit off.
                    contract.close();
                    contract = ServiceProcess.start(
                            "contract-service-peer",
                            ServiceProcess.Service.CONTRACT,
                            concat(contractArguments, "--sla.intake.group-commit=false"),
                            work.resolve("logs"));
                    p1Peer(client, contract, projection);
                }
            } finally {
                contract.close();
            }
        }
        report(database);
    }

    // P1: sustained end-to-end throughput against single-row JDBC transactions at the same concurrency

    private void p1Throughput(
            CommandClient client,
            List<String> contracts,
            ServiceProcess contract,
            ServiceProcess projection,
            String db,
            String user,
            String password)
            throws Exception {
        // The baseline first: run between the warm-up and the measurement, it left contract-service
        // idle for 20 s, long enough for the JVM to sweep the compiled code the warm-up had made.
        double baseline =
                insertBaseline(db, user, password, mode.throughputFor().dividedBy(3));
        baselineTxPerSecond = baseline;
        Warmed warmed = warmUp(client, contracts, contract, projection, "p1-warm");
        Batches before = batches(contract);
        Compilers compilers = new Compilers(contract, projection);
        Saturation max = saturate(client, contracts, "p1", mode.throughputFor());
        double compiling = compilers.cores();
        Batches saturated = batches(contract).since(before);
        p1Throughput = max.throughput();
        row(
                "P1",
                "commands/s over Kafka, " + contracts.size() + " contracts, "
                        + mode.throughputFor().toSeconds()
                        + " s after " + warmed + ", 256 in flight (latency p50 "
                        + ms(max.p50())
                        + ", p99 "
                        + ms(max.p99()) + "; " + saturated + String.format("; compilers %.2f of a core", compiling)
                        + ")",
                String.format("%,.0f", max.throughput()),
                String.format("%,.0f tx/s", baseline),
                String.format("%.2f", max.throughput() / baseline),
                ">= 0.5x",
                max.throughput() / baseline >= 0.5);
        int rate = Math.max(1, (int) (max.throughput() / 2));
        settle(client, contracts, projection);
        Batches beforeHalf = batches(contract);
        Instant halfFrom = Instant.now();
        Paced paced = paced(client, contracts, rate, mode.throughputFor().dividedBy(2), "p1-half");
        String halfPauses = GcPauses.during(halfFrom, Instant.now(), contract, projection);
        Batches half = batches(contract).since(beforeHalf);
        double p99 = percentile(paced.latencies(), 99);
        row(
                "P1",
                "command latency at 50 % of P1's throughput (" + rate + " commands/s, p50 / p99, "
                        + paced.latencies().size() + " commands; of which after the service's decision: "
                        + ms(percentile(paced.afterDecision(), 50)) + " / " + ms(percentile(paced.afterDecision(), 99))
                        + "; " + half + paced.beside() + halfPauses + ")",
                ms(percentile(paced.latencies(), 50)) + " / " + ms(p99),
                "-",
                "-",
                "p99 <= 50 ms",
                p99 <= 50);
    }

    /**
     * At saturation, not counted, at least as long as the measurement and then in rounds of {@link
     * #WARM_ROUND} until the JIT compilers of the three JVMs (the services and this one, with its
     * broker) are quiet, or four times as long at most; then waits for the projection to catch up.
     * The compilers took a third of the machine through the first 90 s of load, and after 60 s
     * contract-service's C2 was still compiling the intake's hot path through the measured minute,
     * a third of a core (JFR, ADR 0009): a warm-up of fixed length measured how young the JVMs
     * were, not how fast the service runs.
     */
    private Warmed warmUp(
            CommandClient client,
            List<String> contracts,
            ServiceProcess contract,
            ServiceProcess projection,
            String prefix)
            throws InterruptedException {
        Duration least = mode.throughputFor();
        Saturation[] last = new Saturation[1];
        Warmed warmed = untilQuiet(
                new Compilers(contract, projection), least, WARM_ROUND, least.multipliedBy(4), (length, at) -> {
                    // New breach ids each round: a round that sent the last one's again was refused
                    // (the breaches were recorded already), a cheaper path than the measurement's.
                    last[0] = saturate(client, contracts, at.isZero() ? prefix : prefix + "-" + at.toSeconds(), length);
                    return String.format(
                            "%s: %d s, %,.0f commands/s",
                            prefix, at.plus(length).toSeconds(), last[0].throughput());
                });
        log(
                "%s: %d s at saturation, the last round at %,.0f commands/s; %s (%s; not counted)",
                prefix, warmed.length().toSeconds(), last[0].throughput(), warmed, warmed.split());
        settle(client, contracts, projection);
        return warmed;
    }

    /** One round of a warm-up: {@code length} of work from {@code at} into it; what to log of it, or null. */
    @FunctionalInterface
    private interface WarmRound {
        String run(Duration length, Duration at) throws InterruptedException;
    }

    /**
     * The warm-up rule every benchmark shares: a first round of {@code first}, then rounds of {@code
     * next} until the compilers were quiet through the last one or another round would pass {@code
     * limit}. Returns how long it ran and the compilers' share in its last round. Where there is no
     * {@code /proc} the compilers read as quiet, and the first round is all there is.
     */
    private Warmed untilQuiet(Compilers compilers, Duration first, Duration next, Duration limit, WarmRound round)
            throws InterruptedException {
        String said = round.run(first, Duration.ZERO);
        Duration warmed = first;
        double busy = compilers.cores();
        while (busy > COMPILERS_QUIET && warmed.plus(next).compareTo(limit) <= 0) {
            if (said != null) {
                log("%s, the compilers at %.2f of a core (%s)", said, busy, compilers.split());
            }
            said = round.run(next, warmed);
            warmed = warmed.plus(next);
            busy = compilers.cores();
        }
        return new Warmed(warmed, busy, compilers.split());
    }

    /** How long a warm-up ran, and the compilers' share of a core in its last round, in all and by JVM. */
    record Warmed(Duration length, double compilers, String split) {
        @Override
        public String toString() {
            return String.format(
                    "a warm-up of %d s (the compilers %s %.2f of a core at its end)",
                    length.toSeconds(), compilers <= COMPILERS_QUIET ? "quiet at" : "still at", compilers);
        }
    }

    /** How long each further round of the warm-up saturates the service. */
    private static final Duration WARM_ROUND = Duration.ofSeconds(10);

    /** The compilers of the three JVMs together at or under this share of one core count as quiet. */
    private static final double COMPILERS_QUIET = 0.1;

    /** The JIT compilers' CPU in the services and in this JVM, as a share of one core between calls. */
    private static final class Compilers {

        private final List<ServiceProcess> services;
        private double[] seconds;
        private long at;
        private String split = "";

        Compilers(ServiceProcess... services) {
            this.services = List.of(services);
            seconds = read();
            at = System.nanoTime();
        }

        /** The share of one core the compilers used since the last call (or since made). */
        double cores() {
            double[] now = read();
            long from = at;
            at = System.nanoTime();
            double elapsed = Math.max(1e-9, (at - from) / 1e9);
            double total = 0;
            StringBuilder each = new StringBuilder();
            for (int i = 0; i < now.length; i++) {
                double share = (now[i] - seconds[i]) / elapsed;
                total += share;
                each.append(String.format(
                        "%s%s %.2f", i == 0 ? "" : ", ", i < services.size() ? services.get(i).name : "driver", share));
            }
            seconds = now;
            split = each.toString();
            return total;
        }

        /** Each JVM's share at the last call, by name. */
        String split() {
            return split;
        }

        private double[] read() {
            double[] now = new double[services.size() + 1];
            for (int i = 0; i < services.size(); i++) {
                now[i] = services.get(i).compilerCpuSeconds();
            }
            now[services.size()] =
                    ServiceProcess.compilerCpuSeconds(ProcessHandle.current().pid());
            return now;
        }
    }

    /** As many commands as the service takes, 256 in flight, for {@code duration}. */
    private Saturation saturate(CommandClient client, List<String> contracts, String prefix, Duration duration)
            throws InterruptedException {
        Semaphore window = new Semaphore(256);
        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        Random random = new Random(1);
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        int n = 0;
        while (System.nanoTime() < end) {
            window.acquire();
            String id = contracts.get(random.nextInt(contracts.size()));
            client.send(Commands.breach(id, prefix + "-" + (n++))).whenComplete((answer, error) -> {
                window.release();
                if (answer != null) {
                    done.incrementAndGet();
                    latencies.add(answer.millis());
                }
            });
        }
        window.acquire(256);
        window.release(256);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Double> sorted = sorted(latencies);
        return new Saturation(done.get() / seconds, percentile(sorted, 50), percentile(sorted, 99));
    }

    record Saturation(double throughput, double p50, double p99) {}

    /**
     * The intake's batches so far: committed ({@code sla.commands.batch.size}), the commands they
     * held, those rolled back and handled one command at a time ({@code sla.commands.batches.failed}),
     * and the cached contracts read afresh because the store had changed ({@code sla.contracts.reread}).
     */
    record Batches(double count, double commands, double failed, double reread) {
        Batches since(Batches earlier) {
            return new Batches(
                    count - earlier.count,
                    commands - earlier.commands,
                    failed - earlier.failed,
                    reread - earlier.reread);
        }

        @Override
        public String toString() {
            return String.format(
                    "%,.0f batches of %.1f commands on average, %,.0f failed, %,.0f contracts re-read",
                    count, count == 0 ? 0 : commands / count, failed, reread);
        }
    }

    private Batches batches(ServiceProcess contract) {
        return new Batches(
                metric(contract, "sla.commands.batch.size", "COUNT"),
                metric(contract, "sla.commands.batch.size", "TOTAL"),
                metric(contract, "sla.commands.batches.failed", "COUNT"),
                metric(contract, "sla.contracts.reread", "COUNT"));
    }

    /** One statistic of a service's meter, 0 where the meter does not exist yet (404); fails on any other answer. */
    private double metric(ServiceProcess service, String meter, String statistic) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(service.url + "/actuator/metrics/" + meter))
                            .header("Authorization", bearer)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return 0;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        meter + " could not be read from " + service.name + ": HTTP " + response.statusCode());
            }
            for (JsonNode measurement :
                    SlaJson.mapper().readTree(response.body()).path("measurements")) {
                if (measurement.path("statistic").asString().equals(statistic)) {
                    return measurement.path("value").asDouble();
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the projection has caught up with the saturation before latency is measured at
     * half load: a command to each of 20 contracts (over every partition, as good as certain) is
     * visible through REST. Otherwise the catch-up's CPU would be charged to the half load.
     */
    private void settle(CommandClient client, List<String> contracts, ServiceProcess projection) {
        try (LeanGets gets = new LeanGets(projection.url, bearer, 1)) {
            for (int i = 0; i < 20; i++) {
                // A breach id of its own each time: a second settle with the same ids was refused
                // (BREACH_EXISTS), and a refusal makes Axon drop the contract from the cache, so
                // the half load began by reloading 20 contracts from the store (ADR 0009).
                CommandResult result = client.send(Commands.breach(contracts.get(i), "settle-" + UUID.randomUUID()))
                        .join()
                        .result();
                if (result.status() != CommandResult.Status.ACCEPTED) {
                    throw new IllegalStateException("a settling command was refused: " + result.message());
                }
                visibleAfter(P2Read.WAIT, gets, result);
            }
        }
    }

    /**
     * Each command's latency and the part of it after the service decided (its {@code processedAt}:
     * commit, result sent, result fetched), each sorted; and the kernel memory monitor's stalls
     * beside them ({@link #beside}).
     */
    record Paced(List<Double> latencies, List<Double> afterDecision, String beside) {}

    /**
     * Commands at a fixed rate. Each answer is also written to {@code <prefix>.csv} in the work
     * folder (arrival by the wall clock, latency, the part after the decision), to lay the tail
     * beside the JFR recordings' pauses.
     */
    private Paced paced(CommandClient client, List<String> contracts, int rate, Duration duration, String prefix)
            throws IOException, InterruptedException {
        ConcurrentLinkedQueue<Double> afterDecision = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> trace = new ConcurrentLinkedQueue<>();
        Random random = new Random(3);
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        long end = next + duration.toNanos();
        ConcurrentLinkedQueue<Timing> timings = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        int n = 0;
        KernelStalls stalls = KernelStalls.start();
        try (stalls) {
            while (next < end) {
                pauseUntil(next);
                String id = contracts.get(random.nextInt(contracts.size()));
                all.add(client.send(Commands.breach(id, prefix + "-" + (n++))).thenAccept(answer -> {
                    timings.add(new Timing(
                            answer.answeredAt().minusNanos((long) (answer.millis() * 1e6)), answer.millis()));
                    afterDecision.add(answer.millisAfterDecision());
                    trace.add(answer.answeredAt() + "," + answer.millis() + "," + answer.millisAfterDecision());
                }));
                next += interval;
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        List<KernelStalls.Burst> bursts = stalls.bursts();
        List<String> lines = new ArrayList<>(List.of("answeredAt,millis,millisAfterDecision"));
        lines.addAll(trace);
        Files.write(work.resolve(prefix + ".csv"), lines);
        return new Paced(
                sorted(timings.stream().map(Timing::millis).toList()), sorted(afterDecision), beside(timings, bursts));
    }

    /**
     * P1-peer: the same load on the same service with group commit off, one transaction per command
     * and each result awaited, as a plain Axon application handles a record at a time.
     */
    private void p1Peer(CommandClient client, ServiceProcess contract, ServiceProcess projection) throws Exception {
        List<String> contracts = prepareContracts(client);
        Warmed warmed = warmUp(client, contracts, contract, projection, "peer-warm");
        Compilers compilers = new Compilers(contract, projection);
        Saturation peerRun = saturate(client, contracts, "peer", mode.throughputFor());
        double compiling = compilers.cores();
        row(
                "P1-peer",
                "the same commands with group commit off (one transaction per command, each result awaited; after "
                        + warmed + "; latency p50 "
                        + ms(peerRun.p50()) + ", p99 " + ms(peerRun.p99())
                        + String.format("; compilers %.2f of a core", compiling) + ")",
                String.format("%,.0f", peerRun.throughput()),
                String.format("%,.0f tx/s", baselineTxPerSecond),
                String.format("%.2f", peerRun.throughput() / baselineTxPerSecond),
                "P1 ahead (" + String.format("%,.0f", p1Throughput) + ")",
                p1Throughput > peerRun.throughput());
    }

    /** One 600-byte INSERT per transaction, CONCURRENCY threads: the pgbench shape. */
    private static double insertBaseline(String url, String user, String password, Duration duration) throws Exception {
        try (Connection setup = DriverManager.getConnection(url, user, password)) {
            setup.createStatement()
                    .execute("CREATE TABLE IF NOT EXISTS bench_baseline (id BIGSERIAL PRIMARY KEY, payload TEXT)");
        }
        String payload = "x".repeat(600);
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            workers.add(CompletableFuture.runAsync(
                    () -> {
                        try (Connection c = DriverManager.getConnection(url, user, password);
                                PreparedStatement insert =
                                        c.prepareStatement("INSERT INTO bench_baseline (payload) VALUES (?)")) {
                            while (System.nanoTime() < end) {
                                insert.setString(1, payload);
                                insert.executeUpdate();
                                count.incrementAndGet();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    pool));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        return count.get() / (duration.toNanos() / 1e9);
    }

    // P2: projection lag, event stored -> visible through REST, at a fixed command rate

    /**
     * How P2's watchers learn that the projection shows a sample's event. {@code BENCH_P2_READS}
     * picks them and their order ({@code wait,poll} by default: both in every run, each warmed up
     * and measured on its own, ADR 0009).
     */
    enum P2Read {
        /** One read that waits for the sequence ({@code ?minSequence=}), asked again after a 504. */
        WAIT(""),
        /** A plain read every {@link #P2_POLL} until the view's {@code lastSequence} reaches it. */
        POLL("-poll");

        final String traceSuffix;

        P2Read(String traceSuffix) {
            this.traceSuffix = traceSuffix;
        }

        /** For the log and the row (P2_POLL is read late: the enum can be made before it is set). */
        String how() {
            return this == WAIT ? "read waiting for its sequence" : "read every " + P2_POLL.toMillis() + " ms";
        }
    }

    private static final List<P2Read> P2_READS = java.util.Arrays.stream(
                    System.getenv().getOrDefault("BENCH_P2_READS", "wait,poll").split(","))
            .map(name -> P2Read.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)))
            .toList();

    private void p2Lag(
            P2Read read,
            String bootstrap,
            CommandClient client,
            List<String> contracts,
            ServiceProcess contract,
            ServiceProcess projection)
            throws Exception {
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        Instant measured;
        String projectionPolls;
        String pauses;
        ExecutorService watchers = Executors.newFixedThreadPool(16);
        try (LeanGets gets = new LeanGets(projection.url, bearer, 16)) {
            // The watchers' reads are new to projection-service here: warm up at the same rate, not
            // counted, until the compilers are quiet, four times the measurement at most (as P1
            // does), then measure. A limit of one measurement ended the first warm-up with
            // projection-service still compiling, its slowest seconds the measurement's first (ADR 0009).
            Warmed warmed = untilQuiet(
                    new Compilers(contract, projection),
                    P2_WARM_ROUND,
                    P2_WARM_ROUND,
                    mode.lagFor().multipliedBy(4),
                    (length, at) -> {
                        lagAt(
                                read,
                                client,
                                contracts,
                                gets,
                                watchers,
                                "p2-warm-" + at.toSeconds(),
                                length,
                                new ConcurrentLinkedQueue<>());
                        return null;
                    });
            log(
                    "p2-warm (%s): %d s at %d commands/s; %s (%s; not counted)",
                    read.how(), warmed.length().toSeconds(), mode.lagRate(), warmed, warmed.split());
            p2Polls.set(0);
            measured = Instant.now();
            double pollsBefore = metric(projection, "sla.projection.poll.size", "COUNT");
            double eventsBefore = metric(projection, "sla.projection.poll.size", "TOTAL");
            lagAt(read, client, contracts, gets, watchers, "p2" + read.traceSuffix, mode.lagFor(), seen);
            pauses = GcPauses.during(measured, Instant.now(), contract, projection);
            watchers.shutdown();
            double polls = metric(projection, "sla.projection.poll.size", "COUNT") - pollsBefore;
            projectionPolls = String.format(
                    "the projection's polls: %,.0f of %.1f events on average",
                    polls,
                    polls == 0 ? 0 : (metric(projection, "sla.projection.poll.size", "TOTAL") - eventsBefore) / polls);
        }
        writeP2Trace(bootstrap, measured, seen, "p2" + read.traceSuffix + ".csv");
        List<Double> sorted = sorted(seen.stream().map(Seen::lagMillis).toList());
        row(
                "P2",
                String.format(
                        "projection lag at %d commands/s (p50 / p99, %d samples, %s: %,.0f requests/s;" + " %s%s)",
                        mode.lagRate(),
                        sorted.size(),
                        read.how(),
                        p2Polls.get() / (mode.lagFor().toNanos() / 1e9),
                        projectionPolls,
                        pauses),
                ms(percentile(sorted, 50)) + " / " + ms(percentile(sorted, 99)),
                "-",
                "-",
                "p99 <= 250 ms",
                percentile(sorted, 99) <= 250);
    }

    /** How long each round of P2's warm-up runs; at most four times P2's measurement in all. */
    private static final Duration P2_WARM_ROUND = Duration.ofSeconds(5);

    /**
     * Breaches at P2's rate for {@code duration}, every tenth one watched until the projection shows
     * it; returns when every watched one was seen.
     */
    private void lagAt(
            P2Read read,
            CommandClient client,
            List<String> contracts,
            LeanGets gets,
            ExecutorService watchers,
            String prefix,
            Duration duration,
            ConcurrentLinkedQueue<Seen> seen) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        Random random = new Random(2);
        long interval = 1_000_000_000L / mode.lagRate();
        long next = System.nanoTime();
        long end = next + duration.toNanos();
        int n = 0;
        while (next < end) {
            pauseUntil(next);
            String id = contracts.get(random.nextInt(contracts.size()));
            CompletableFuture<CommandClient.Answer> answer = client.send(Commands.breach(id, prefix + "-" + n));
            if (n++ % 10 == 0) {
                all.add(answer.thenAcceptAsync(a -> seen.add(visibleAfter(read, gets, a.result())), watchers));
            }
            next += interval;
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    /** A watched command's result and when the projection was first seen to show its event. */
    record Seen(CommandResult result, Instant visibleAt) {

        /** From the event's storage (its result's processedAt) until the projection showed it. */
        double lagMillis() {
            return Duration.between(result.processedAt(), visibleAt).toNanos() / 1e6;
        }

        /** The event's key among the records of {@code contract.events}: contract and sequence. */
        String eventKey() {
            return eventKey(result.contractId(), result.sequence());
        }

        static String eventKey(String contractId, long sequence) {
            return contractId + "@" + sequence;
        }
    }

    /**
     * When the projection first shows the result's event: up to 16 samples wait at once, and the
     * harness's own requests share the two cores with the services (the row says how many it sent,
     * over {@link LeanGets}). {@link P2Read#WAIT} asks once with the result's sequence and is
     * answered when the projection commits it (again after a 504 {@code VIEW_BEHIND}); {@link
     * P2Read#POLL} asks every {@link #P2_POLL} ({@code BENCH_P2_POLL_MS}, 10 by default), late by at
     * most the interval, and its requests grow with the lag it measures.
     */
    private Seen visibleAfter(P2Read read, LeanGets gets, CommandResult result) {
        String path = "/api/contracts/" + result.contractId()
                + (read == P2Read.WAIT ? "?minSequence=" + result.sequence() : "");
        while (true) {
            p2Polls.incrementAndGet();
            LeanGets.Response response = gets.getWithBody(path).join();
            JsonNode view = response.status() == 200 ? SlaJson.mapper().readTree(response.body()) : null;
            if (view != null && view.path("lastSequence").asLong(-1) >= result.sequence()) {
                return new Seen(result, Instant.now());
            }
            if (read == P2Read.POLL || response.status() != 504) {
                java.util.concurrent.locks.LockSupport.parkNanos(P2_POLL.toNanos());
            }
        }
    }

    private static final Duration P2_POLL =
            Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("BENCH_P2_POLL_MS", "10")));

    private final java.util.concurrent.atomic.AtomicLong p2Polls = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Writes {@code file} ({@code p2.csv}, {@code p2-poll.csv}) to the work folder: for each sample, when its event was stored, when
     * contract-service published it to {@code contract.events} (the record's timestamp, read back
     * after the measurement so the reading adds no load to it) and when the projection showed it.
     * The lag splits there into the publisher's part and the projection's, to lay beside the GC logs
     * and PostgreSQL's.
     */
    private void writeP2Trace(String bootstrap, Instant from, Collection<Seen> seen, String file) throws IOException {
        Set<String> wanted = seen.stream().map(Seen::eventKey).collect(Collectors.toSet());
        Map<String, Long> published = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = eventsReader(bootstrap, Map.of())) {
            List<TopicPartition> partitions = consumer.assignment().stream().toList();
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, from.minusSeconds(5).toEpochMilli()));
            consumer.offsetsForTimes(at).forEach((partition, offset) -> {
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            });
            TopicReader.readToEnd(consumer, partitions, Duration.ofMinutes(5), record -> {
                String key = Seen.eventKey(
                        record.key(),
                        SlaJson.mapper()
                                .readTree(record.value())
                                .path("sequence")
                                .asLong());
                if (wanted.contains(key)) {
                    published.put(key, record.timestamp());
                }
                return true;
            });
        }
        List<String> lines =
                new ArrayList<>(List.of("processedAt,publishedAt,visibleAt,lagMillis,publishedAfterMillis"));
        seen.stream()
                .sorted(Comparator.comparing(s -> s.result().processedAt()))
                .forEach(s -> {
                    Long publishedAt = published.get(s.eventKey());
                    lines.add(String.join(
                            ",",
                            s.result().processedAt().toString(),
                            publishedAt == null
                                    ? ""
                                    : Instant.ofEpochMilli(publishedAt).toString(),
                            s.visibleAt().toString(),
                            String.format("%.1f", s.lagMillis()),
                            publishedAt == null
                                    ? ""
                                    : String.valueOf(publishedAt
                                            - s.result().processedAt().toEpochMilli())));
                });
        Files.write(work.resolve(file), lines);
    }

    // P3: rebuild from the topic against a raw sequential read of the same events

    private void p3Rebuild(
            String bootstrap,
            ServiceProcess projection,
            List<String> databases,
            String user,
            String password,
            boolean again)
            throws Exception {
        vacuum(databases, user, password);
        double raw = rawRead(bootstrap);
        // The rebuild's progress by the wall clock, to lay beside the services' logs and profiles:
        // in a full run the synthetic contracts come first in each partition, then P1's.
        List<String> progress = new ArrayList<>(List.of("time,state,phase,events_done,events_total"));
        JsonNode status = api.rebuild(
                projection.url,
                s -> progress.add(String.join(
                        ",",
                        Instant.now().toString(),
                        s.path("state").asString(""),
                        s.path("phase").asString(""),
                        s.path("eventsDone").asString(""),
                        s.path("eventsTotal").asString(""))));
        Files.write(work.resolve(again ? "p3-again.csv" : "p3.csv"), progress);
        double rate = status.path("eventsPerSecond").asDouble();
        row(
                "P3",
                String.format(
                        "rebuild of all read models from %,d events (%s)%s",
                        status.path("eventsTotal").asLong(),
                        status.path("state").asString(),
                        again ? ", again in the same JVMs, their code compiled" : ""),
                String.format("%,.0f events/s", rate),
                String.format("%,.0f events/s raw read", raw),
                String.format("%.2f", rate / raw),
                ">= 40,000/s and >= 0.25x",
                rate >= 40_000 && rate / raw >= 0.25);
    }

    /**
     * The setup's million events leave the live tables to autovacuum, which then read and wrote
     * the 1.6 GB event log, throttled, through the whole rebuild (pg_stat_activity, ADR 0009):
     * P3 measured the rebuild beside the clean-up of its own setup. A database that has been
     * running for a while has done that work long before a rebuild; here it is done first. A plain
     * VACUUM leaves the statistics, and autovacuum then analysed the live event log and breaches in
     * the rebuild's first seconds (pg_stat_activity, twenty-sixth session), so both are done here.
     * The contract database too: the rebuild does not read it, but with only P1 before P3 its
     * autovacuum ran beside the rebuild on the same two cores (twenty-seventh session).
     */
    private static void vacuum(List<String> databases, String user, String password) throws Exception {
        long started = System.nanoTime();
        for (String db : databases) {
            try (Connection connection = DriverManager.getConnection(db, user, password);
                    var statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE)");
            }
        }
        log("P3: the setup's tables vacuumed and analysed first, in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    /**
     * A consumer of {@code contract.events} assigned all its partitions, without a group's offsets
     * committed, with {@code settings} besides.
     */
    private static KafkaConsumer<String, byte[]> eventsReader(String bootstrap, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        all.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(all, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            TopicReader.assignAll(consumer, "contract.events", Duration.ofSeconds(60));
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private static double rawRead(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = eventsReader(
                bootstrap,
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "raw-" + UUID.randomUUID(),
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2000))) {
            List<TopicPartition> partitions = consumer.assignment().stream().toList();
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long count = TopicReader.readToEnd(consumer, partitions, Duration.ofMinutes(30), record -> {
                SlaJson.mapper().readTree(record.value());
                return true;
            });
            return count / ((System.nanoTime() - started) / 1e9);
        }
    }

    // P4: GET /api/contracts/{id} at a fixed request rate

    /** P4's target is for 1,000 requests/s; the other rates show the curve around it. */
    private static final int P4_TARGET_RATE = 1_000;

    private static final Duration P4_WARM_UP = Duration.ofSeconds(10);

    /** Connections of P4's load generator: as many as the service has request threads (32). */
    private static final int QUERY_CONNECTIONS = 32;

    private void p4Queries(ServiceProcess projection, Synthetic synthetic) throws Exception {
        List<String> ids = synthetic
                .contractIds()
                .subList(
                        0,
                        Math.min(mode.queryContracts(), synthetic.contractIds().size()));
        try (LeanGets gets = new LeanGets(projection.url, bearer, QUERY_CONNECTIONS)) {
            for (int rate : mode.queryRates()) {
                p4At(gets, ids, rate);
            }
        }
    }

    /** A request: when it was due (P4) or sent (P1) by the wall clock, and how long its answer took from then. */
    record Timing(Instant due, double millis) {}

    private void p4At(LeanGets gets, List<String> ids, int rate) throws Exception {
        // At the rate itself, after the ingest has finished: JIT, pools and caches, not measured.
        log("P4: warm-up at %,d requests/s", rate);
        query(gets, ids, rate, P4_WARM_UP, new ConcurrentLinkedQueue<>(), new AtomicInteger());
        log("P4: measuring at %,d requests/s", rate);
        ConcurrentLinkedQueue<Timing> timings = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        KernelStalls stalls = KernelStalls.start();
        try (stalls) {
            query(gets, ids, rate, mode.queryFor(), timings, failed);
        }
        List<KernelStalls.Burst> bursts = stalls.bursts();
        // Each request by the wall clock, to lay beside the collectors' logs (the work folder).
        List<String> trace = new ArrayList<>(List.of("due,latency_ms"));
        timings.stream()
                .sorted(Comparator.comparing(Timing::due))
                .forEach(t -> trace.add(t.due() + "," + String.format("%.2f", t.millis())));
        Files.write(work.resolve("p4-" + rate + ".csv"), trace);
        List<Double> sorted = sorted(timings.stream().map(Timing::millis).toList());
        boolean target = rate == P4_TARGET_RATE;
        row(
                "P4",
                String.format(
                        "GET /api/contracts/{id} at %,d req/s over %,d contracts (p50 / p99%s)%s",
                        rate,
                        ids.size(),
                        beside(timings, bursts),
                        failed.get() == 0 ? "" : ", " + failed.get() + " not 200"),
                ms(percentile(sorted, 50)) + " / " + ms(percentile(sorted, 99)),
                "-",
                "-",
                target ? "p99 <= 15 ms" : "(curve)",
                failed.get() == 0 && (!target || percentile(sorted, 99) <= 15));
    }

    /**
     * The kernel memory monitor's stalls in a measured window (P4, P1's half load), and the requests
     * that overlapped one: read beside the figure, which still counts every request (ADR 0009).
     */
    static String beside(Collection<Timing> timings, List<KernelStalls.Burst> bursts) {
        if (bursts.isEmpty()) {
            return "";
        }
        List<Double> outside = new ArrayList<>();
        for (Timing t : timings) {
            Instant answered = t.due().plusNanos((long) (t.millis() * 1e6));
            if (bursts.stream().noneMatch(b -> b.overlaps(t.due(), answered))) {
                outside.add(t.millis());
            }
        }
        return String.format(
                "; the kernel memory monitor ran %d %s of %.0f ms CPU (median), %.1f %% of requests overlapped"
                        + " one, p99 of the others %s",
                bursts.size(),
                bursts.size() == 1 ? "burst" : "bursts",
                percentile(
                        sorted(bursts.stream()
                                .map(KernelStalls.Burst::cpuMillis)
                                .toList()),
                        50),
                100.0 * (timings.size() - outside.size()) / timings.size(),
                ms(percentile(sorted(outside), 99)));
    }

    // P9: a supplier's scorecard, which places it among every supplier of the synthetic contracts

    private void p9Scorecard(ServiceProcess projection, Synthetic synthetic) throws IOException {
        Timed timed = time(
                "p9",
                projection,
                Map.of("scorecard", projection.url + "/api/suppliers/supplier-0/scorecard"),
                5,
                50,
                Map.of());
        row(
                "P9",
                String.format(
                        "a supplier's scorecard and standing among %,d contracts of 13 suppliers (p50 / p99, one client)",
                        synthetic.contractIds().size()),
                timed.figures(),
                "-",
                "-",
                "(none)",
                true);
    }

    /**
     * Open loop: requests at fixed intervals whatever the answers take; a latency counts from the
     * moment the request was due, so a stalled sender cannot hide a slow server.
     */
    private void query(
            LeanGets gets,
            List<String> ids,
            int rate,
            Duration duration,
            ConcurrentLinkedQueue<Timing> timings,
            AtomicInteger failed) {
        Random random = new Random(rate);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        long next = start;
        long end = next + duration.toNanos();
        List<CompletableFuture<?>> requests = new ArrayList<>();
        while (next < end) {
            pauseUntil(next);
            long due = next;
            requests.add(gets.get("/api/contracts/" + ids.get(random.nextInt(ids.size())))
                    .handle((response, error) -> {
                        timings.add(new Timing(startedAt.plusNanos(due - start), (System.nanoTime() - due) / 1e6));
                        if (response == null || response.status() != 200) {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
            next += interval;
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new))
                .exceptionally(error -> null)
                .join();
    }

    // P5: command latency on a long contract against a short one

    private void p5LongContract(CommandClient client) {
        String big = "P5-BIG-" + UUID.randomUUID().toString().substring(0, 8);
        String small = "P5-SMALL-" + UUID.randomUUID().toString().substring(0, 8);
        setUp(client, List.of(big, small));
        List<CompletableFuture<CommandClient.Answer>> fill = new ArrayList<>();
        for (int i = 0; i < mode.longContractEvents(); i++) {
            fill.add(client.send(Commands.breach(big, "fill-" + i)));
            if (fill.size() >= 200) {
                fill.remove(0).join();
            }
        }
        fill.forEach(CompletableFuture::join);
        // Alternate the two contracts, so that both meet the same background work (the projection
        // still taking in the fill, snapshots): measured one after the other, the long contract
        // alone paid for it.
        List<Double> bigLatencies = new ArrayList<>();
        List<Double> smallLatencies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bigLatencies.add(latency(client, big));
            smallLatencies.add(latency(client, small));
        }
        double bigMedian = percentile(sorted(bigLatencies), 50);
        double smallMedian = percentile(sorted(smallLatencies), 50);
        row(
                "P5",
                String.format("command latency, contract of %,d events vs 10 (median)", mode.longContractEvents()),
                ms(bigMedian),
                ms(smallMedian),
                String.format("%.2f", bigMedian / smallMedian),
                "<= 1.5x",
                bigMedian / smallMedian <= 1.5);
        // A refusal applies nothing, so it must not cost the contract a reload of its history: the
        // next command is timed right after one (a breach id it already has, BREACH_EXISTS).
        List<Double> afterRefusal = new ArrayList<>();
        for (int i = 0; i < REFUSALS; i++) {
            CommandResult refused =
                    client.sendAndWait(Commands.breach(big, "fill-0")).result();
            if (refused.code() != RejectionCode.BREACH_EXISTS) {
                throw new IllegalStateException("the repeated breach was not refused as one: " + refused);
            }
            afterRefusal.add(latency(client, big));
        }
        double afterRefusalMedian = percentile(sorted(afterRefusal), 50);
        row(
                "P5",
                String.format(
                        "the next command after a refused one, contract of %,d events (median of %d), vs any command of it",
                        mode.longContractEvents(), REFUSALS),
                ms(afterRefusalMedian),
                ms(bigMedian),
                String.format("%.2f", afterRefusalMedian / bigMedian),
                "<= 1.5x",
                afterRefusalMedian / bigMedian <= 1.5);
    }

    /** Refused commands P5 times the next command after. */
    private static final int REFUSALS = 30;

    private static double latency(CommandClient client, String id) {
        return client.sendAndWait(Commands.breach(id, "p5-" + UUID.randomUUID()))
                .millis();
    }

    /** Waits without burning a core: on 2 cores a spinning load generator would starve the services. */
    private static void pauseUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    // Set-up

    // P7: evidence, what-if and pinch on a contract of 10,000 breaches

    private void p7Experience(CommandClient client, ServiceProcess projection) throws Exception {
        String id = "P7-" + UUID.randomUUID().toString().substring(0, 8);
        for (var command : List.of(
                Commands.draft(id),
                Commands.clause(id),
                Commands.openClause(id),
                Commands.sign(id, "CLIENT"),
                Commands.sign(id, "SUPPLIER"))) {
            client.send(command).join();
        }
        Random random = new Random(7);
        List<CompletableFuture<CommandClient.Answer>> fill = new ArrayList<>();
        int breaches = 10_000;
        for (int i = 0; i < breaches; i++) {
            boolean open = i % 2 == 0;
            fill.add(client.send(Commands.measuredBreach(
                    id,
                    "p7-" + i,
                    open ? "response-time" : "availability",
                    1 + random.nextInt(10),
                    open ? String.valueOf(10 + random.nextInt(110)) : "9" + random.nextInt(10) + ".5",
                    open ? "MINUTES" : "PERCENT")));
            if (fill.size() >= 200) {
                fill.remove(0).join();
            }
        }
        fill.forEach(CompletableFuture::join);
        long last = 4 + breaches;
        long started = System.nanoTime();
        while (true) {
            JsonNode view = getJson(projection.url + "/api/contracts/" + id);
            if (view != null && view.path("lastSequence").asLong() >= last) {
                break;
            }
            if (System.nanoTime() - started > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("the projection did not catch up with " + id);
            }
            Thread.sleep(250);
        }
        String base = projection.url + "/api/contracts/" + id;
        Map<String, String> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("evidence", base + "/clauses/response-time/evidence");
        endpoints.put("what-if", base + "/clauses/availability/what-if?target=98&unit=PERCENT&creditPercent=2");
        endpoints.put("pinch", base + "/pinch?months=12");
        Timed timed =
                time("p7", projection, endpoints, 10, 30, Map.of("evidence", 50.0, "what-if", 50.0, "pinch", 50.0));
        row(
                "P7",
                "evidence, what-if, pinch on a contract of 10,000 breaches (p50 / p99, one client)",
                timed.figures(),
                "-",
                "-",
                "each <= 50 ms",
                timed.met());
    }

    /** p50 / p99 of each endpoint, one request at a time; {@code met} when each p99 is within its target. */
    record Timed(String figures, boolean met) {}

    /**
     * Times each endpoint's {@code measured} requests after its warm-up. Each measured request is
     * also written to {@code <trace>.csv} in the work folder (endpoint, start, milliseconds), so
     * that a slow one can be laid beside the logs of the services and the database.
     */
    private Timed time(
            String trace,
            ServiceProcess service,
            Map<String, String> endpoints,
            int warmUp,
            int measured,
            Map<String, Double> targets)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of("endpoint,startedAt,millis"));
        StringBuilder figures = new StringBuilder();
        boolean met = true;
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String warmed = warmUpEndpoint(service, endpoint.getKey(), endpoint.getValue(), warmUp);
            Compilers compilers = new Compilers(service);
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < measured; i++) {
                Instant startedAt = Instant.now();
                long sent = System.nanoTime();
                get(endpoint.getKey(), endpoint.getValue());
                double millis = (System.nanoTime() - sent) / 1e6;
                latencies.add(millis);
                lines.add(endpoint.getKey() + "," + startedAt + "," + millis);
            }
            log(
                    "%s: %s, the compilers at %.2f of a core while measured (%s)",
                    endpoint.getKey(), warmed, compilers.cores(), compilers.split());
            List<Double> sorted = sorted(latencies);
            figures.append(figures.length() == 0 ? "" : "; ")
                    .append(endpoint.getKey())
                    .append(' ')
                    .append(ms(percentile(sorted, 50)))
                    .append(" / ")
                    .append(ms(percentile(sorted, 99)));
            met &= percentile(sorted, 99) <= targets.getOrDefault(endpoint.getKey(), Double.MAX_VALUE);
        }
        Files.write(work.resolve(trace + ".csv"), lines);
        return new Timed(figures.toString(), met);
    }

    /**
     * At least {@code least} requests, then rounds of {@link #WARM_QUERY_ROUND} until the compilers
     * of the service and of this JVM are quiet, {@link #WARM_QUERY_LIMIT} at most ({@link
     * #untilQuiet}): ten requests left the compiler at work through P7's measured ones. Rounds of
     * one second, at most 20, were too short as well: 20 to 40 s into P7's warm-up the services'
     * compiler still spent 100 to 500 ms at a time on Spring's request path (JFR), a one-second
     * round between two such compilations read as quiet, and the measured requests ran beside the
     * next ones (ADR 0009). Returns how many requests were sent and how long the warm-up ran.
     */
    private String warmUpEndpoint(ServiceProcess service, String name, String url, int least) {
        int[] sent = {0};
        try {
            Warmed warmed = untilQuiet(
                    new Compilers(service), Duration.ZERO, WARM_QUERY_ROUND, WARM_QUERY_LIMIT, (length, at) -> {
                        long round = System.nanoTime() + length.toNanos();
                        do {
                            get(name, url);
                            sent[0]++;
                        } while (sent[0] < least || System.nanoTime() < round);
                        return null;
                    });
            return String.format("%d requests in %s", sent[0], warmed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up " + name, e);
        }
    }

    private static final Duration WARM_QUERY_ROUND = Duration.ofSeconds(3);

    private static final Duration WARM_QUERY_LIMIT = Duration.ofSeconds(60);

    /**
     * One timed request: answered when its last byte has arrived, the body not decoded. Reading
     * P7's answers (a megabyte of JSON each) into trees filled this JVM's young generation every
     * few seconds, and its 20-48 ms pauses landed in the measured requests (ADR 0009).
     */
    private void get(String name, String url) {
        if (!api.answers(url)) {
            throw new IllegalStateException(name + " did not answer 200");
        }
    }

    // P8: a contract of many breaches: its view, its first history page, its first page of breaches

    private void p8BigContract(String bootstrap, ServiceProcess projection) throws Exception {
        int breaches = mode.bigContractBreaches();
        String id = "P8-" + UUID.randomUUID().toString().substring(0, 8);
        Story story = Story.contract(id)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed();
        for (int i = 0; i < breaches; i++) {
            story.experience("p8-" + i, Story.RESPONSE_TIME, "2026-12-03T10:00:00Z");
        }
        List<EventEnvelope> events = story.envelopes();
        try (KafkaProducer<String, byte[]> producer = eventsProducer(bootstrap)) {
            for (EventEnvelope e : events) {
                producer.send(new ProducerRecord<>(
                        "contract.events", e.contractId(), SlaJson.mapper().writeValueAsBytes(e)));
            }
        }
        awaitProjected(projection, events.get(events.size() - 1));
        String base = projection.url + "/api/contracts/" + id;
        Map<String, String> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("view", base);
        endpoints.put("history page", base + "/history");
        endpoints.put("breaches page", base + "/breaches?size=50");
        Timed timed = time("p8", projection, endpoints, 50, 200, Map.of("view", 15.0, "history page", 50.0));
        row(
                "P8",
                String.format(
                        "a contract of %,d breaches: view, first history page (the default 100 lines),"
                                + " first breaches page (50)"
                                + " (p50 / p99, one client)",
                        breaches),
                timed.figures(),
                "-",
                "-",
                "view <= 15 ms, history page <= 50 ms",
                timed.met());
    }

    private List<String> prepareContracts(CommandClient client) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < mode.contracts(); i++) {
            ids.add("BENCH-" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
        }
        setUp(client, ids);
        return ids;
    }

    private static void setUp(CommandClient client, List<String> ids) {
        for (var step : Commands.TO_ACTIVE) {
            List<CompletableFuture<CommandClient.Answer>> answers =
                    ids.stream().map(id -> client.send(step.apply(id))).toList();
            answers.forEach(a -> {
                CommandResult result = a.join().result();
                if (result.status() != CommandResult.Status.ACCEPTED) {
                    throw new IllegalStateException("set-up refused: " + result.message());
                }
            });
        }
    }

    /** Synthetic contracts published straight to contract.events (streamed: a million events do not fit in memory). */
    record Synthetic(long events, List<String> contractIds, EventEnvelope last) {}

    private Synthetic produceSyntheticEvents(String bootstrap) {
        int perContract = Story.toTwoPointZero("X", "c", "s").envelopes().size();
        int contracts = Math.max(mode.queryContracts(), mode.rebuildEvents() / perContract);
        List<String> ids = new ArrayList<>(contracts);
        EventEnvelope last = null;
        long count = 0;
        try (KafkaProducer<String, byte[]> producer = eventsProducer(bootstrap)) {
            for (int i = 0; i < contracts; i++) {
                String id = "SYN-" + i;
                ids.add(id);
                for (EventEnvelope e : Story.toTwoPointZero(id, "client-" + (i % 97), "supplier-" + (i % 13))
                        .envelopes()) {
                    producer.send(new ProducerRecord<>(
                            "contract.events", e.contractId(), SlaJson.mapper().writeValueAsBytes(e)));
                    last = e;
                    count++;
                }
            }
        }
        return new Synthetic(count, ids, last);
    }

    /** A producer that publishes events straight to contract.events, as contract-service would. */
    private static KafkaProducer<String, byte[]> eventsProducer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void createEventsTopic(String bootstrap) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic("contract.events", 4, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all()
                    .get();
        }
    }

    private void awaitProjected(ServiceProcess projection, EventEnvelope last) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            JsonNode view = getJson(projection.url + "/api/contracts/" + last.contractId());
            if (view != null && view.path("lastSequence").asLong(-1) >= last.sequence()) {
                break;
            }
            Thread.sleep(250);
        }
        log("projection caught up with the synthetic events in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    private JsonNode getJson(String url) {
        return api.get(url);
    }

    // Report

    private void row(String id, String what, String figure, String baseline, String ratio, String target, boolean met) {
        rows.add(new String[] {id, what, figure, baseline, ratio, target, met ? "yes" : "**no**"});
        log("%s %s: %s (baseline %s, ratio %s, target %s)", id, what, figure, baseline, ratio, target);
    }

    private void report(String database) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark run (").append(mode.name()).append(")\n\n");
        md.append("- date: ").append(Instant.now()).append("\n");
        md.append("- commit: ")
                .append(System.getenv().getOrDefault("BENCH_COMMIT", "unknown"))
                .append("\n");
        md.append("- machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(memory())
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append(KernelStalls.describe())
                .append("\n");
        md.append("- database: ")
                .append(database)
                .append("; Kafka: in-process KRaft broker; services: separate JVMs, each from its own jar");
        String collectors = ServiceProcess.describeCollectors(System.getenv());
        md.append("; ").append(collectors).append("\n\n");
        md.append(
                "| id | what | figure | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        System.out.println("\n" + md);
        Path results = Path.of(System.getenv().getOrDefault("BENCH_RESULTS", "benchmarks/results"));
        Files.createDirectories(results);
        String part = only.isEmpty() ? "" : "-" + String.join("-", new java.util.TreeSet<>(only));
        Path file = results.resolve(LocalDate.now() + "-" + mode.name() + part + ".md");
        Files.writeString(file, md.toString());
        System.out.println("written to " + file);
    }

    private static String memory() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            return Math.round(Long.parseLong(total) / 1024.0 / 1024.0) + " GiB";
        } catch (IOException | RuntimeException e) {
            return "unknown memory";
        }
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static List<Double> sorted(java.util.Collection<Double> values) {
        List<Double> list = new ArrayList<>(values);
        Collections.sort(list);
        return list;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }

    private static String seconds(double s) {
        return String.format("%.1f s", s);
    }

    private static String mb(long kb) {
        return kb <= 0 ? "n/a" : (kb / 1024) + " MB";
    }

    /** With the wall-clock time, to lay a step beside the services' and the collectors' logs. */
    private static void log(String format, Object... args) {
        System.out.println("[bench] " + Instant.now() + " " + String.format(format, args));
    }
}
