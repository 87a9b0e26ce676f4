package com.slaledger.benchmarks;

import com.slaledger.api.CommandResult;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.json.SlaJson;
import com.slaledger.local.CommandClient;
import com.slaledger.local.LocalKafka;
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.PostgresServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Faults on purpose (README, Reliability): contract-service killed with {@code kill -9} (R2),
 * PostgreSQL restarted (R3), the broker restarted (R4), a second contract-service instance joining
 * and dying while HTTP writers race on one contract (R6, {@link Race}), projection-service killed in
 * ingest and mid-rebuild (R9), both services stopped with SIGTERM as in a rolling deploy (R11,
 * which must also stop cleanly), a second projection-service started beside the first, which waits
 * for the writer lock and takes over when the first is killed in the middle of a rebuild (R12), and
 * the database refusing writes for a minute (R10), all while a
 * careful integration system sends commands, resending each one that has no answer after a timeout
 * under the same commandId. Afterwards it checks, from the event
 * store and the services: every command answered, no event of a command stored twice, dense
 * sequences, every hash chain intact, and the read models equal to a fresh rebuild.
 *
 * <p>{@code scripts/faults} runs every scenario; {@code scripts/faults --short} the CI version.
 */
public final class Faults {

    private static final Duration RESEND_AFTER = Duration.ofSeconds(10);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(15);
    private static final Duration READ_ONLY = Duration.ofSeconds(60);
    /** How long a process may take to stop after SIGTERM: Spring Boot's default grace of 30 s, and 15 s more. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(45);

    private static final int IN_FLIGHT = 64;
    /** R13's heap for contract-service: less than its cached contracts' clause texts alone (ADR 0033). */
    private static final String SMALL_HEAP = "160m";
    /** Contracts drafted with a review already due before each SIGTERM of contract-service in R11. */
    private static final int REVIEWS_AT_A_STOP = 200;
    /**
     * Contracts drafted with a review already due in R6, while two instances scan every 5 s: enough
     * that one scan takes longer than that, so that the two scans meet.
     */
    private static final int REVIEWS_FOR_TWO = 1_000;

    private record Size(String name, int contracts, int commands, int kills, int restarts) {}

    private static final Size SHORT = new Size("short", 100, 2_000, 1, 1);
    private static final Size FULL = new Size("full", 500, 20_000, 5, 3);

    /** One row of the results table. */
    private record Row(
            String id,
            String fault,
            int sent,
            int answered,
            int lost,
            long doubled,
            long resent,
            long stale,
            String recovery,
            String chains,
            String rebuild,
            boolean passed) {}

    private final Size size;
    private final String secret = Tokens.newSecret();
    private final String auditor = "Bearer "
            + Tokens.mint(secret, "faults", List.of("AUDITOR", "ADMIN", "ANALYST"), null, Duration.ofHours(2));
    private final ProjectionApi api = new ProjectionApi(HttpClient.newHttpClient(), auditor);
    private final List<Row> rows = new ArrayList<>();
    private final Random random = new Random(7);
    /** Contracts a fault made for itself (R6's and R11's due reviews): checked with the scenario's own. */
    private final List<String> madeByFaults = new ArrayList<>();
    /** Per stop of contract-service in R11: how far the review scan had got at the signal. */
    private final List<String> scansAtStops = new ArrayList<>();

    private String contractDb;
    private String user;
    private String password;

    private Faults(Size size) {
        this.size = size;
    }

    public static void main(String[] args) {
        try {
            boolean passed = new Faults(List.of(args).contains("--short") ? SHORT : FULL).run();
            System.exit(passed ? 0 : 1);
        } catch (Throwable failed) {
            // Exit even when a broker or service thread would keep the JVM alive: CI must not hang.
            failed.printStackTrace();
            System.exit(2);
        }
    }

    private boolean run() throws Exception {
        Path work = Files.createTempDirectory("sla-faults");
        log("work folder %s (service logs)", work);
        contractDb = System.getenv("BENCH_CONTRACT_DB_URL");
        String projectionDb = System.getenv("BENCH_PROJECTION_DB_URL");
        user = System.getenv().getOrDefault("BENCH_DB_USER", "postgres");
        password = System.getenv().getOrDefault("BENCH_DB_PASSWORD", "postgres");
        boolean server = contractDb != null && projectionDb != null;
        if (!server) {
            contractDb = PostgresServer.get().createDatabase("faults_contract").jdbcUrl();
            projectionDb =
                    PostgresServer.get().createDatabase("faults_projection").jdbcUrl();
            user = PostgresServer.get().username();
            password = PostgresServer.get().password();
        }
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(work.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(
                                new NewTopic("contract.events", 4, (short) 1).configs(Map.of("retention.ms", "-1"))))
                        .all()
                        .get();
            }
            List<String> common = List.of(
                    "--spring.datasource.username=" + user,
                    "--spring.datasource.password=" + password,
                    "--spring.kafka.bootstrap-servers=" + bootstrap,
                    "--sla.jwt.secret=" + secret);
            List<String> contractArguments = new ArrayList<>(common);
            contractArguments.add("--spring.datasource.url=" + contractDb);
            // R11 stops contract-service in the middle of a review scan (ADR 0003): scan often.
            contractArguments.add("--sla.review.scan-interval=PT5S");
            contractArguments.add("--sla.review.initial-delay=PT2S");
            List<String> projectionArguments = new ArrayList<>(common);
            projectionArguments.add("--spring.datasource.url=" + projectionDb);
            Services services = new Services(work.resolve("logs"), contractArguments, projectionArguments);
            boolean postgres = server && canRestartPostgres();
            try (CommandClient client = new CommandClient(
                    bootstrap,
                    Tokens.mint(secret, "faults-integration", List.of("INTEGRATION"), null, Duration.ofHours(2)))) {
                scenario(
                        "R2",
                        "kill -9 of contract-service, " + size.kills() + " times",
                        size.kills(),
                        client,
                        services,
                        null,
                        f -> {
                            services.contract.kill();
                            services.contract = services.startContract();
                            return null;
                        });
                if (postgres) {
                    scenario(
                            "R3",
                            "PostgreSQL restarted " + size.restarts() + " times (fast, immediate)",
                            size.restarts(),
                            client,
                            services,
                            null,
                            f -> {
                                restartPostgres(f % 2 == 0 ? "fast" : "immediate");
                                return null;
                            });
                } else {
                    notRun("R3", "PostgreSQL restart");
                }
                List<ServiceProcess.Stopped> stops = new ArrayList<>();
                long deadLettersBefore = deadLetters(bootstrap);
                Race stopped = new Race(secret, services::instances);
                scenario(
                        "R11",
                        "contract-service and projection-service stopped with SIGTERM and started again (a rolling"
                                + " deploy), " + size.kills() + " times each, then projection-service once more in the"
                                + " middle of a rebuild; " + Race.WRITERS + " HTTP writers race on one contract",
                        2 * size.kills() + 1,
                        client,
                        services,
                        stopped,
                        f -> {
                            if (f == 2 * size.kills()) {
                                killMidRebuild(services.projection);
                                stops.add(services.projection.stop(STOP_LIMIT));
                                services.projection = services.startProjection();
                            } else if (f % 2 == 0) {
                                scansAtStops.add(midReviewScan(client));
                                stops.add(services.contract.stop(STOP_LIMIT));
                                services.contract = services.startContract();
                            } else {
                                stops.add(services.projection.stop(STOP_LIMIT));
                                services.projection = services.startProjection();
                            }
                            log("R11: %s", stops.get(stops.size() - 1));
                            return null;
                        });
                graceful("R11", stops, deadLetters(bootstrap) - deadLettersBefore, stopped);
                List<String> twoWriters = new ArrayList<>();
                scenario(
                        "R12",
                        "a second projection-service started beside the first (a surge deploy): it waits for the"
                                + " writer lock while the first ingests and rebuilds; kill -9 of the first in the"
                                + " middle of the rebuild, and the second takes over (ADR 0029)",
                        1,
                        client,
                        services,
                        null,
                        f -> {
                            ServiceProcess second = services.launchProjection();
                            String wrong = awaitWaitingForTheLock(second);
                            if (wrong == null) {
                                killMidRebuild(services.projection);
                                wrong = notWaiting(second, "while the first rebuilds");
                            }
                            if (wrong != null) {
                                // The scenario's checks go on with the first; the row fails.
                                twoWriters.add(wrong);
                                second.kill();
                                return null;
                            }
                            long killed = System.nanoTime();
                            services.projection.kill();
                            services.projection = second.awaitHealthy();
                            long millis = (System.nanoTime() - killed) / 1_000_000;
                            log("R12: the waiting projection-service serves %d ms after the kill", millis);
                            return millis;
                        });
                oneWriter(twoWriters);
                if (size == FULL) {
                    scenario(
                            "R4",
                            "Kafka broker stopped for " + BROKER_DOWN.toSeconds() + " s and restarted",
                            1,
                            client,
                            services,
                            null,
                            f -> {
                                log("stopping the broker");
                                kafka.restart(BROKER_DOWN);
                                return null;
                            });
                    Race race = new Race(secret, services::instances);
                    scenario(
                            "R6",
                            "two contract-service instances: a second joins the group, later killed (two"
                                    + " rebalances); " + Race.WRITERS + " HTTP writers race on one contract",
                            2,
                            client,
                            services,
                            race,
                            f -> {
                                if (f == 0) {
                                    services.second = services.startContract();
                                    // Both instances scan them: each must still be marked once (ADR 0003).
                                    draftDueReviews(client, "R6", REVIEWS_FOR_TWO);
                                } else {
                                    services.second.kill();
                                    services.second = null;
                                }
                                return null;
                            });
                    scenario(
                            "R9",
                            "kill -9 of projection-service during live ingest, then during a rebuild",
                            2,
                            client,
                            services,
                            null,
                            f -> {
                                if (f == 1) {
                                    killMidRebuild(services.projection);
                                }
                                long killed = System.nanoTime();
                                services.projection.kill();
                                services.projection = services.startProjection();
                                return (System.nanoTime() - killed) / 1_000_000;
                            });
                    if (postgres) {
                        scenario(
                                "R10",
                                "PostgreSQL refuses writes for " + READ_ONLY.toSeconds()
                                        + " s (default_transaction_read_only, as on a full disk)",
                                1,
                                client,
                                services,
                                null,
                                f -> {
                                    readOnly(true);
                                    try {
                                        Thread.sleep(READ_ONLY.toMillis());
                                    } finally {
                                        readOnly(false);
                                    }
                                    return null;
                                });
                    } else {
                        notRun("R10", "PostgreSQL read-only");
                    }
                    ServiceProcess[] smallHeap = new ServiceProcess[1];
                    String longText = Commands.longText(ContractCommand.TEXT, 13);
                    int clauses = size.commands() / 2;
                    scenario(
                            "R13",
                            "contract-service killed and started again on a " + SMALL_HEAP + " heap while its"
                                    + " drafts grow by clauses of " + ContractCommand.TEXT + " characters ("
                                    + clauses * (long) ContractCommand.TEXT / 1_000_000
                                    + " MB of them, which its cache of contracts would hold; ADR 0033)",
                            1,
                            client,
                            services,
                            null,
                            List.of(Commands::draft),
                            clauses,
                            (contract, i) -> Commands.clause(contract, "clause-" + i, longText),
                            f -> {
                                services.contract.kill();
                                services.contract = services.startContract(List.of("-Xmx" + SMALL_HEAP));
                                smallHeap[0] = services.contract;
                                return null;
                            });
                    heapHeld("R13", smallHeap[0]);
                }
            } finally {
                services.close();
            }
        }
        return report();
    }

    /** Starts a rebuild and returns once it has written events, for the kill or stop to land in the middle. */
    private void killMidRebuild(ServiceProcess projection) throws Exception {
        if (api.startRebuild(projection.url) != 202) {
            throw new IllegalStateException("the rebuild did not start");
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode status;
        do {
            Thread.sleep(100);
            status = json(projection.url + "/api/admin/rebuild");
        } while (status.path("eventsDone").asLong() < 1_000 && System.nanoTime() < deadline);
        log("rebuild at the kill: %s", status);
        if (!status.path("state").asString("").equals("RUNNING")) {
            throw new IllegalStateException("the rebuild was not running at the kill: " + status);
        }
    }

    /** What a projection-service logs when another holds its schema's writer lock (ADR 0029). */
    static final String WAITS_FOR_THE_LOCK = "This one waits, with no web server and no consumer";

    /**
     * Until {@code waiting} logs that it waits for the writer lock: null once it does, else what it
     * did instead (served beside the first, exited, or said nothing for two minutes).
     */
    private static String awaitWaitingForTheLock(ServiceProcess waiting) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!waiting.logged().contains(WAITS_FOR_THE_LOCK)) {
            String wrong = notWaiting(waiting, "before it said it waits");
            if (wrong != null) {
                return wrong;
            }
            if (System.nanoTime() > deadline) {
                return waiting.name + " did not say within 2 minutes that it waits for the writer lock";
            }
            Thread.sleep(100);
        }
        log("R12: %s waits for the writer lock", waiting.name);
        return notWaiting(waiting, "after it said it waits");
    }

    /**
     * Null while {@code waiting} waits as a projection-service waits for the writer lock: alive, with
     * no web server; else what it does instead.
     */
    private static String notWaiting(ServiceProcess waiting, String when) throws Exception {
        if (!waiting.alive()) {
            return waiting.name + " exited " + when + " instead of waiting";
        }
        if (waiting.healthy()) {
            return waiting.name + " serves " + when + ": two projection-services write one schema";
        }
        return null;
    }

    /**
     * A graceful stop must be clean on top of the scenario's checks: each process ended by itself
     * within {@link #STOP_LIMIT}, logged nothing at ERROR from the signal on, nothing was
     * dead-lettered while the scenario ran (a stop is not a failure of any command), and no HTTP
     * command was answered with a server error (one in flight at the signal is decided before the
     * process ends; a new one finds no listener and is sent again).
     */
    private void graceful(String id, List<ServiceProcess.Stopped> stops, long deadLettered, Race race) {
        long serverErrors = race.serverErrors();
        boolean clean =
                stops.stream().allMatch(ServiceProcess.Stopped::clean) && deadLettered == 0 && serverErrors == 0;
        String stopped = stops.stream()
                .map(stop -> stop.exited() ? stop.millis() + " ms" : "KILLED after " + stop.millis() + " ms")
                .toList()
                .toString();
        String unclean = stops.stream()
                .filter(stop -> !stop.clean())
                .map(ServiceProcess.Stopped::toString)
                .collect(java.util.stream.Collectors.joining("; "));
        amend(
                id,
                "; stops took " + stopped + ", " + deadLettered + " dead letters, " + serverErrors
                        + " HTTP answers 5xx; contract-service stopped mid review scan at " + scansAtStops
                        + (unclean.isEmpty() ? "" : "; NOT CLEAN: " + unclean),
                clean);
    }

    /** The row of scenario {@code id}, when it ran, with {@code note} added to its fault, failed unless {@code ok}. */
    private void amend(String id, String note, boolean ok) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(id)) {
                amend(i, note, ok);
            }
        }
    }

    private void amend(int i, String note, boolean ok) {
        Row row = rows.get(i);
        rows.set(
                i,
                new Row(
                        row.id(),
                        row.fault() + note,
                        row.sent(),
                        row.answered(),
                        row.lost(),
                        row.doubled(),
                        row.resent(),
                        row.stale(),
                        row.recovery(),
                        row.chains(),
                        row.rebuild(),
                        row.passed() && ok));
        log("%s: %s", row.id(), rows.get(i));
    }

    /**
     * The row's contract-service, on a heap its cached contracts do not fit in, ran to the end: it
     * is alive and its log has no {@code OutOfMemoryError}. Its cache gave contracts up instead.
     */
    private void heapHeld(String id, ServiceProcess contract) throws java.io.IOException {
        boolean alive = contract != null && contract.alive();
        boolean outOfMemory = contract != null && contract.logged().contains("OutOfMemoryError");
        amend(
                id,
                alive && !outOfMemory
                        ? "; it ran to the end without an OutOfMemoryError"
                        : "; HEAP: " + (alive ? "" : "the process ended; ")
                                + (outOfMemory ? "OutOfMemoryError in its log" : ""),
                alive && !outOfMemory);
    }

    /** R12's row, failed with what went wrong when the second projection-service did not wait. */
    private void oneWriter(List<String> wrong) {
        amend(
                "R12",
                wrong.isEmpty()
                        ? "; the second waited until the first was killed"
                        : "; TWO WRITERS: " + String.join("; ", wrong),
                wrong.isEmpty());
    }

    /**
     * Drafts {@code count} contracts, each with a clause left open whose review-by date has passed,
     * for contract-service's scan to mark (ADR 0003); the scenario then checks each is marked once.
     * Returns them.
     */
    private List<String> draftDueReviews(CommandClient client, String id, int count) {
        List<String> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeded.add(id + "-review-" + UUID.randomUUID().toString().substring(0, 8));
        }
        for (var step : List.<java.util.function.Function<String, ObjectNode>>of(
                Commands::draft, c -> Commands.openClause(c, "2026-01-01"))) {
            Map<String, CommandResult> answers = new ConcurrentHashMap<>();
            sendAll(client, seeded.stream().map(step).toList(), new AtomicLong(), answers);
            answers.values().stream()
                    .filter(r -> r.status() != CommandResult.Status.ACCEPTED)
                    .findFirst()
                    .ifPresent(r -> {
                        throw new IllegalStateException("a due review's contract was refused: " + r);
                    });
        }
        madeByFaults.addAll(seeded);
        return seeded;
    }

    /**
     * Drafts due reviews, then returns as soon as contract-service's scan has marked some of them
     * and not all: the SIGTERM that follows lands in the middle of a scan. Returns how far it had
     * got, for the report.
     */
    private String midReviewScan(CommandClient client) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            List<String> seeded = draftDueReviews(client, "R11", REVIEWS_AT_A_STOP);
            try (Connection db = DriverManager.getConnection(contractDb, user, password)) {
                long before = reviewsMarked(db, seeded);
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (before < seeded.size() && System.nanoTime() < deadline) {
                    long now = reviewsMarked(db, seeded);
                    if (now > before && now < seeded.size()) {
                        log("R11: the review scan had marked %d of %d at the signal", now, seeded.size());
                        return now + " of " + seeded.size();
                    }
                    if (now == seeded.size()) {
                        break;
                    }
                    Thread.sleep(5);
                }
            }
            log("R11: no review scan caught in the middle (attempt %d); drafting more", attempt);
        }
        throw new IllegalStateException("no review scan was caught in the middle in 3 attempts");
    }

    private static long reviewsMarked(Connection db, List<String> contracts) throws Exception {
        return count(db, """
                SELECT count(*) FROM domain_event_entry
                WHERE aggregate_identifier = ANY (?) AND payload_type LIKE '%ReviewBecameDue'""", contracts);
    }

    /**
     * The due reviews a fault drafted, once marked: how many, what is wrong (empty when nothing),
     * and how many marks the contracts refused (mostly another scan's, which had marked first).
     */
    private record DueReviews(int count, String wrong, long refused) {

        static final DueReviews NONE = new DueReviews(0, "", 0);

        /** For the scenario's row: empty when the fault drafted none. */
        String describe() {
            if (count == 0) {
                return "";
            }
            return "; " + count + " reviews due, " + (wrong.isEmpty() ? "each marked once" : wrong)
                    + (refused > 0
                            ? " (" + refused + " marks refused: marked by the other scan, or changed meanwhile)"
                            : "");
        }
    }

    /**
     * Waits until every due review a fault drafted is marked, then says what is wrong if one was
     * not marked within two minutes, marked twice, or is still scheduled.
     */
    private DueReviews dueReviews() throws Exception {
        if (madeByFaults.isEmpty()) {
            return DueReviews.NONE;
        }
        try (Connection db = DriverManager.getConnection(contractDb, user, password)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            long marked;
            while ((marked = reviewsMarked(db, madeByFaults)) < madeByFaults.size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long twice = count(db, """
                    SELECT count(*) FROM (
                        SELECT aggregate_identifier FROM domain_event_entry
                        WHERE aggregate_identifier = ANY (?) AND payload_type LIKE '%ReviewBecameDue'
                        GROUP BY 1 HAVING count(*) > 1) twice""", madeByFaults);
            long scheduled =
                    count(db, "SELECT count(*) FROM review_schedule WHERE contract_id = ANY (?)", madeByFaults);
            List<String> wrong = new ArrayList<>();
            if (marked - twice < madeByFaults.size()) {
                wrong.add("REVIEWS NOT MARKED: " + (madeByFaults.size() - (marked - twice)));
            }
            if (twice > 0) {
                wrong.add("REVIEWS MARKED TWICE: " + twice);
            }
            if (scheduled > 0) {
                wrong.add("REVIEWS STILL SCHEDULED: " + scheduled);
            }
            long refused = count(db, """
                    SELECT count(*) FROM processed_command
                    WHERE contract_id = ANY (?) AND type = 'MarkReviewDue' AND result::jsonb ->> 'status' = 'REJECTED'""", madeByFaults);
            return new DueReviews(madeByFaults.size(), String.join(", ", wrong), refused);
        }
    }

    /** How many records the dead-letter topic holds (0 before contract-service has created it). */
    private static long deadLetters(String bootstrap) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            String topic = "contract.commands.dlt";
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.earliest());
            }
            long count = 0;
            for (var end : admin.listOffsets(latest).all().get().values()) {
                count += end.offset();
            }
            for (var start : admin.listOffsets(earliest).all().get().values()) {
                count -= start.offset();
            }
            return count;
        }
    }

    private void notRun(String id, String fault) {
        log("%s not run: no PostgreSQL server this process may manage (pg_ctlcluster and psql as root)", id);
        rows.add(new Row(id, fault + ": NOT RUN, no server to manage here", 0, 0, 0, 0, 0, 0, "-", "-", "-", false));
    }

    /**
     * contract-service and projection-service as separate JVMs; a killed one is replaced by a new
     * process. {@code second} is a second contract-service instance in the same consumer group.
     */
    private static final class Services implements AutoCloseable {
        private final Path logs;
        private final List<String> contractArguments;
        private final List<String> projectionArguments;
        private ServiceProcess contract;
        private ServiceProcess second;
        private ServiceProcess projection;
        private int starts;

        Services(Path logs, List<String> contractArguments, List<String> projectionArguments) throws Exception {
            this.logs = logs;
            this.contractArguments = contractArguments;
            this.projectionArguments = projectionArguments;
            this.contract = startContract();
            this.projection = startProjection();
        }

        ServiceProcess startContract() throws Exception {
            return start("contract-service", ServiceProcess.Service.CONTRACT, contractArguments);
        }

        /** contract-service with JVM options of its own, such as a smaller heap (R13). */
        ServiceProcess startContract(List<String> jvmOptions) throws Exception {
            return ServiceProcess.start(
                    "contract-service-" + (starts++),
                    ServiceProcess.Service.CONTRACT,
                    contractArguments,
                    logs,
                    jvmOptions);
        }

        ServiceProcess startProjection() throws Exception {
            return start("projection-service", ServiceProcess.Service.PROJECTION, projectionArguments);
        }

        /** A projection-service that is not waited for: one that should wait for the writer lock (R12). */
        ServiceProcess launchProjection() throws Exception {
            return ServiceProcess.launch(
                    "projection-service-" + (starts++), ServiceProcess.Service.PROJECTION, projectionArguments, logs);
        }

        /** Each process gets a name of its own (its log file), numbered in the order started. */
        private ServiceProcess start(String name, ServiceProcess.Service service, List<String> arguments)
                throws Exception {
            return ServiceProcess.start(name + "-" + (starts++), service, arguments, logs);
        }

        List<ServiceProcess> instances() {
            ServiceProcess other = second;
            return other == null ? List.of(contract) : List.of(contract, other);
        }

        @Override
        public void close() throws InterruptedException {
            contract.close();
            if (second != null) {
                second.close();
            }
            projection.close();
        }
    }

    @FunctionalInterface
    private interface Fault {
        /**
         * Injects fault number {@code index} and returns once it is over (the process restarted, the
         * server back); the time to recovery when the fault measures it itself, else null: the time
         * to the first answer afterwards.
         */
        Long inject(int index) throws Exception;
    }

    /**
     * One scenario on contracts of its own: the load runs while the fault is injected at random
     * moments; then every command is awaited (resending as needed) and the record checked.
     */
    private void scenario(
            String id, String fault, int faults, CommandClient client, Services services, Race race, Fault inject)
            throws Exception {
        scenario(
                id,
                fault,
                faults,
                client,
                services,
                race,
                Commands.TO_ACTIVE,
                size.commands(),
                (contract, i) -> Commands.breach(contract, id + "-b-" + i),
                inject);
    }

    /**
     * As above, each contract made by {@code setup}'s commands in turn, then a load of {@code
     * commands} made by {@code command} (a contract, the command's number), each on a contract
     * drawn at random.
     */
    private void scenario(
            String id,
            String fault,
            int faults,
            CommandClient client,
            Services services,
            Race race,
            List<java.util.function.Function<String, ObjectNode>> setup,
            int commands,
            java.util.function.BiFunction<String, Integer, ObjectNode> command,
            Fault inject)
            throws Exception {
        String only = System.getenv().getOrDefault("FAULTS_ONLY", "");
        if (!only.isBlank() && !List.of(only.toUpperCase().split(",")).contains(id)) {
            return;
        }
        log("%s: %s, %,d commands over %,d contracts", id, fault, commands, size.contracts());
        madeByFaults.clear();
        List<String> contracts = new ArrayList<>();
        for (int i = 0; i < size.contracts(); i++) {
            contracts.add(id + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
        }
        for (var step : setup) {
            sendAll(client, contracts.stream().map(step).toList(), new AtomicLong(), new ConcurrentHashMap<>());
        }
        List<ObjectNode> load = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            load.add(command.apply(contracts.get(random.nextInt(contracts.size())), i));
        }
        AtomicLong resent = new AtomicLong();
        Map<String, CommandResult> answers = new ConcurrentHashMap<>();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendAll(client, load, resent, answers));
        CompletableFuture<Void> racing = race == null
                ? CompletableFuture.completedFuture(null)
                : race.run(
                        client, id + "-race-" + UUID.randomUUID().toString().substring(0, 6), () -> !sending.isDone());
        List<Long> recoveries = new ArrayList<>();
        for (int f = 0; f < faults; f++) {
            // a random moment while commands are flowing
            awaitAnswers(answers, (long) ((f + 0.2 + random.nextDouble() * 0.6) * commands / (faults + 1)));
            log("%s: fault %d of %d", id, f + 1, faults);
            Long measured = inject.inject(f);
            long over = System.nanoTime();
            int before = answers.size();
            while (measured == null && answers.size() == before && !sending.isDone()) {
                Thread.sleep(20);
            }
            recoveries.add(measured != null ? measured : (System.nanoTime() - over) / 1_000_000);
        }
        sending.get(15, TimeUnit.MINUTES);
        racing.get(5, TimeUnit.MINUTES);
        // Before the rebuild comparison: a mark landing between its two digests would tell them apart.
        DueReviews reviews = dueReviews();
        List<String> checked = new ArrayList<>(contracts);
        checked.addAll(madeByFaults);
        if (race != null) {
            checked.add(race.contract());
        }
        check(id, fault, checked, load, answers, resent.get(), recoveries, services, race, reviews);
    }

    private static void awaitAnswers(Map<String, CommandResult> answers, long count) throws InterruptedException {
        while (answers.size() < count) {
            Thread.sleep(20);
        }
    }

    /**
     * Sends every envelope with at most {@link #IN_FLIGHT} unanswered, and resends one that has no
     * answer after {@link #RESEND_AFTER} under the same commandId, until every one is answered.
     */
    private static void sendAll(
            CommandClient client, List<ObjectNode> envelopes, AtomicLong resent, Map<String, CommandResult> answers) {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (ObjectNode envelope : envelopes) {
            window.acquireUninterruptibly();
            envelope.put("commandId", UUID.randomUUID().toString());
            all.add(untilAnswered(client, envelope, resent, answers).whenComplete((r, e) -> window.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private static CompletableFuture<Void> untilAnswered(
            CommandClient client, ObjectNode envelope, AtomicLong resent, Map<String, CommandResult> answers) {
        return client.send(envelope)
                .orTimeout(RESEND_AFTER.toMillis(), TimeUnit.MILLISECONDS)
                .thenAccept(answer -> answers.put(answer.result().commandId(), answer.result()))
                .exceptionallyCompose(timeout -> {
                    resent.incrementAndGet();
                    return untilAnswered(client, envelope, resent, answers);
                });
    }

    private void check(
            String id,
            String fault,
            List<String> contracts,
            List<ObjectNode> load,
            Map<String, CommandResult> answers,
            long resent,
            List<Long> recoveries,
            Services services,
            Race race,
            DueReviews reviews)
            throws Exception {
        List<String> commandIds =
                load.stream().map(e -> e.get("commandId").asString()).toList();
        int answered = (int) commandIds.stream().filter(answers::containsKey).count();
        long stale = commandIds.stream()
                .map(answers::get)
                .filter(r -> r != null && r.status() != CommandResult.Status.ACCEPTED)
                .count();
        long doubled;
        long gaps;
        try (Connection db = DriverManager.getConnection(contractDb, user, password)) {
            doubled = count(db, """
                    SELECT count(*) FROM (
                        SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'commandId' AS command_id
                        FROM domain_event_entry WHERE aggregate_identifier = ANY (?)
                        GROUP BY 1 HAVING count(*) > 1
                            AND bool_and(payload_type LIKE '%BreachRecorded' OR payload_type LIKE '%ClauseDrafted')) twice""", contracts);
            gaps = count(db, """
                    SELECT count(*) FROM (
                        SELECT aggregate_identifier FROM domain_event_entry WHERE aggregate_identifier = ANY (?)
                        GROUP BY 1 HAVING count(*) <> max(sequence_number) + 1) gaps""", contracts);
        }
        long broken = contracts.stream()
                .filter(c -> !json(services.contract.url + "/api/contracts/" + c + "/history/verify")
                        .path("valid")
                        .asBoolean())
                .count();
        awaitProjected(services.projection, contracts);
        String before = digest(services.projection, contracts);
        rebuild(services.projection);
        String after = digest(services.projection, contracts);
        boolean equal = before.equals(after);
        int lost = commandIds.size() - answered;
        int sent = commandIds.size();
        if (race != null) {
            Race.Outcome outcome = race.outcome(contractDb, user, password);
            log("%s: racing writers %s", id, outcome);
            fault = fault + " (" + outcome + ")";
            sent += outcome.sent();
            answered += outcome.sent();
            lost += outcome.lostUpdates();
            stale += outcome.stale();
            resent += outcome.resent();
        }
        fault = fault + reviews.describe();
        boolean passed = lost == 0
                && doubled == 0
                && gaps == 0
                && stale == 0
                && broken == 0
                && equal
                && reviews.wrong().isEmpty();
        rows.add(new Row(
                id,
                fault,
                sent,
                answered,
                lost,
                doubled,
                resent,
                stale,
                recoveries.stream().map(ms -> ms + " ms").toList().toString(),
                broken == 0 ? "all " + contracts.size() + " intact" : broken + " broken",
                equal ? "equal" : "DIFFERENT",
                passed && gaps == 0));
        log("%s: %s", id, rows.get(rows.size() - 1));
    }

    private static long count(Connection db, String sql, List<String> contracts) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("varchar", contracts.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Until every contract's view in the projection shows the event store's last sequence. */
    private void awaitProjected(ServiceProcess projection, List<String> contracts) throws Exception {
        try (Connection db = DriverManager.getConnection(contractDb, user, password)) {
            for (String contract : contracts) {
                long last = count(
                        db,
                        "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)",
                        List.of(contract));
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (json(projection.url + "/api/contracts/" + contract)
                                .path("lastSequence")
                                .asLong(-1)
                        < last) {
                    if (System.nanoTime() > deadline) {
                        String parked = json(projection.url + "/api/admin/parked?limit=1000")
                                .toString();
                        throw new IllegalStateException(contract + " is not projected up to " + last
                                + (parked.contains(contract) ? ": it is parked, " + parked : ""));
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    /** SHA-256 over every contract's view, history, breaches and credits, as the projection answers them. */
    private String digest(ServiceProcess projection, List<String> contracts) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String contract : contracts) {
            String base = projection.url + "/api/contracts/" + contract;
            List<JsonNode> answers = new ArrayList<>();
            answers.add(json(base));
            answers.add(json(base + "/credits"));
            // Every page of the timeline and of the breaches.
            JsonNode lines;
            long from = 0;
            do {
                lines = json(base + "/history?size=1000&fromSequence=" + from);
                answers.add(lines);
                from = lines.isEmpty()
                        ? from
                        : lines.get(lines.size() - 1).path("sequence").asLong() + 1;
            } while (lines.size() == 1000);
            JsonNode breaches;
            from = 0;
            do {
                breaches = json(base + "/breaches?size=200&fromSequence=" + from);
                answers.add(breaches);
                from = breaches.path("next").isNumber() ? breaches.get("next").asLong() : -1;
            } while (from >= 0);
            for (JsonNode answer : answers) {
                if (answer.isObject() && answer.isEmpty()) {
                    throw new IllegalStateException("the projection did not answer for " + contract);
                }
                sha.update(SlaJson.canonical(answer).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private void rebuild(ServiceProcess projection) throws Exception {
        JsonNode status = api.rebuild(projection.url, progress -> {});
        if (!status.path("state").asString("").equals("DONE")) {
            throw new IllegalStateException("the rebuild ended " + status);
        }
    }

    /** The body of a 200 answer, or an empty object. */
    private JsonNode json(String url) {
        JsonNode answer = api.get(url);
        return answer == null ? SlaJson.mapper().createObjectNode() : answer;
    }

    private static boolean canRestartPostgres() {
        try {
            return new ProcessBuilder("pg_ctlcluster", "15", "main", "status")
                                    .redirectErrorStream(true)
                                    .start()
                                    .waitFor()
                            == 0
                    && "root".equals(System.getProperty("user.name"));
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A server that refuses every write and then takes them again, as one whose disk filled up and
     * was cleared: {@code default_transaction_read_only} for the whole server, applied to open
     * sessions by a reload, so no connection is dropped. Both services meet it.
     */
    private static void readOnly(boolean on) throws Exception {
        log(on ? "PostgreSQL refuses writes from now" : "PostgreSQL takes writes again");
        String sql = on
                ? "ALTER SYSTEM SET default_transaction_read_only = on"
                : "ALTER SYSTEM RESET default_transaction_read_only";
        for (String statement : List.of(sql, "SELECT pg_reload_conf()")) {
            Process psql = new ProcessBuilder(
                            "su", "postgres", "-c", "psql -q -v ON_ERROR_STOP=1 -c '" + statement + "'")
                    .inheritIO()
                    .start();
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("psql failed: " + statement);
            }
        }
    }

    private static void restartPostgres(String mode) throws Exception {
        log("restarting PostgreSQL (%s)", mode);
        Process restart = new ProcessBuilder("pg_ctlcluster", "15", "main", "restart", "-m", mode)
                .inheritIO()
                .start();
        if (restart.waitFor() != 0) {
            throw new IllegalStateException("pg_ctlcluster restart failed");
        }
    }

    private boolean report() throws Exception {
        StringBuilder md = new StringBuilder("# Fault suite (" + size.name() + ")\n\n");
        md.append("- date: ").append(java.time.Instant.now()).append("\n");
        md.append("- commit: ")
                .append(System.getenv().getOrDefault("BENCH_COMMIT", "unknown"))
                .append("\n");
        String collectors = ServiceProcess.describeCollectors(System.getenv());
        md.append("- ").append(collectors).append("\n");
        md.append("- load: ")
                .append(String.format("%,d", size.commands()))
                .append(" breaches over ")
                .append(size.contracts())
                .append(" contracts per scenario, ")
                .append(IN_FLIGHT)
                .append(" in flight, resent under the same commandId after ")
                .append(RESEND_AFTER.toSeconds())
                .append(" s without an answer\n\n");
        md.append("| id | fault | sent | answered | lost | doubled | resent | stale decisions |"
                + " recovery (first answer after each fault) | hash chains | read models vs rebuild | passed |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(
                    "| %s | %s | %,d | %,d | %d | %d | %d | %d | %s | %s | %s | %s |%n",
                    r.id(),
                    r.fault(),
                    r.sent(),
                    r.answered(),
                    r.lost(),
                    r.doubled(),
                    r.resent(),
                    r.stale(),
                    r.recovery(),
                    r.chains(),
                    r.rebuild(),
                    r.passed() ? "yes" : "**no**"));
        }
        System.out.println("\n" + md);
        Path results = Path.of(System.getenv().getOrDefault("BENCH_RESULTS", "benchmarks/results"));
        Files.createDirectories(results);
        Path file = results.resolve(LocalDate.now() + "-faults-" + size.name() + ".md");
        Files.writeString(file, md.toString());
        System.out.println("written to " + file);
        return rows.stream().allMatch(r -> r.passed() || r.fault().contains("NOT RUN"));
    }

    private static void log(String format, Object... args) {
        System.out.println("[faults] " + String.format(format, args));
    }
}
