package com.slaledger.local;

import com.slaledger.api.CommandResult;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.json.Wording;
import com.slaledger.failure.Failures;
import com.slaledger.security.Tokens;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./run-local}: the whole system in one foreground process with nothing but a JDK. Starts a
 * KRaft Kafka broker and embedded PostgreSQL (unless the environment points to real ones), then
 * contract-service and projection-service; prints a line per component when it is ready and the
 * URLs to open. Ctrl-C or SIGTERM stops everything. Data lives in {@code .local/} between runs.
 *
 * <pre>
 * ./run-local            start (keeps data)
 * ./run-local --fresh    start from empty
 * ./run-local --demo     start, then play the seed's story over Kafka
 * ./run-local send FILE  send one command envelope (JSON file) to a running stack, print its result
 * </pre>
 */
public final class LocalStack {

    private LocalStack() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        Environment env = new Environment(System.getenv());
        if (!arguments.isEmpty() && arguments.get(0).equals("send")) {
            int exit = send(env, arguments.subList(1, arguments.size()), System.out, System.err);
            if (exit != 0) {
                System.exit(exit);
            }
            return;
        }
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("usage: ./run-local [--fresh] [--demo] | ./run-local send FILE.json");
            return;
        }
        Path data = Path.of(env.get("SLA_LOCAL_DATA", ".local"));
        if (arguments.contains("--fresh")) {
            deleteRecursively(data);
            System.out.println("[run-local] --fresh: removed " + data.toAbsolutePath());
        }
        try {
            run(env, data, arguments.contains("--demo"));
        } catch (Exception e) {
            // A service that did not start has printed Spring Boot's report (and Spring keeps the
            // exception from being printed again); the broker's threads, which are not daemons,
            // would keep this JVM and the database up without a word. The exit runs the shutdown
            // hook, which stops what did start. So does a demo that fails.
            System.err.println("[run-local] failed: "
                    + (e instanceof Misconfigured || e instanceof LocalKafka.PortInUse
                            ? e.getMessage()
                            : Failures.describe(e)));
            System.exit(1);
        }
    }

    private static void run(Environment env, Path data, boolean demo) throws Exception {
        Instant started = Instant.now();
        CountDownLatch stopped = new CountDownLatch(1);
        Stack stack = new Stack();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\n[run-local] stopping ...");
                            stack.close();
                            stopped.countDown();
                        },
                        "run-local-shutdown"));

        String kafka = env.get("SLA_KAFKA_BOOTSTRAP_SERVERS", null);
        // An external broker gets the SLA_KAFKA_* login; run-local's own broker is PLAINTEXT.
        Map<String, Object> kafkaLogin = CommandClient.security(System.getenv());
        if (kafka == null) {
            stack.kafka = LocalKafka.start(data.resolve("kafka"), env.port("SLA_KAFKA_PORT", 9092));
            kafka = stack.kafka.bootstrapServers();
            kafkaLogin = Map.of();
            ready("Kafka (KRaft, in-process)", kafka, started);
        } else {
            ready("Kafka (external)", kafka, started);
        }

        String contractDb = env.get("SLA_CONTRACT_DB_URL", null);
        String projectionDb = env.get("SLA_PROJECTION_DB_URL", null);
        String user = env.get("SLA_DB_USER", "sla");
        String password = env.get("SLA_DB_PASSWORD", "sla");
        if (contractDb == null || projectionDb == null) {
            stack.postgres = LocalPostgres.start(
                    data.resolve("postgres"), env.port("SLA_PG_PORT", 15432), "sla_contract", "sla_projection");
            contractDb = contractDb != null ? contractDb : stack.postgres.jdbcUrl("sla_contract");
            projectionDb = projectionDb != null ? projectionDb : stack.postgres.jdbcUrl("sla_projection");
            user = "postgres";
            password = "postgres";
            ready("PostgreSQL 15 (embedded)", contractDb.replace("/sla_contract", ""), started);
        } else {
            ready("PostgreSQL (external)", contractDb + ", " + projectionDb, started);
        }

        String secret = env.get("SLA_JWT_SECRET", null);
        if (secret == null) {
            secret = Tokens.newSecret();
            System.out.println("[run-local] SLA_JWT_SECRET not set: generated one for this run");
        }
        // For './run-local send', which runs in its own JVM and signs its records with this run's secret.
        Files.createDirectories(data);
        Path secretFile = data.resolve("jwt-secret");
        Files.writeString(secretFile, secret);
        secretFile.toFile().setReadable(false, false);
        secretFile.toFile().setReadable(true, true);
        String signingKey = signingKey(env, data);
        int contractPort = env.port("SLA_CONTRACT_PORT", 8080);
        int projectionPort = env.port("SLA_PROJECTION_PORT", 8081);
        stack.services = Services.start(new Services.Settings(
                contractDb,
                projectionDb,
                user,
                password,
                kafka,
                contractPort,
                projectionPort,
                Map.of(
                        "logging.level.root",
                        env.get("SLA_LOG_LEVEL", "WARN"),
                        "spring.main.banner-mode",
                        "off",
                        "logging.level.org.springdoc",
                        "ERROR",
                        "sla.jwt.secret",
                        secret,
                        "spring.kafka.security.protocol",
                        String.valueOf(
                                kafkaLogin.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"))),
                Map.of(),
                Map.of("sla.signing.key", signingKey)));
        ready("contract-service", "http://localhost:" + contractPort, started);
        ready("projection-service", "http://localhost:" + projectionPort, started);

        System.out.println();
        System.out.println("Open (everything but health needs a bearer token, printed below):");
        System.out.println("  Health                  http://localhost:" + contractPort
                + "/actuator/health  and  http://localhost:" + projectionPort + "/actuator/health");
        System.out.println(
                "  Contracts               curl -H \"Authorization: Bearer $SLA_TOKEN_ANALYST\" http://localhost:"
                        + projectionPort + "/api/contracts");
        System.out.println(
                "  OpenAPI (commands)      curl -H \"Authorization: Bearer $SLA_TOKEN_INTEGRATION\" http://localhost:"
                        + contractPort + "/v3/api-docs");
        System.out.println(
                "  OpenAPI (queries)       curl -H \"Authorization: Bearer $SLA_TOKEN_ANALYST\" http://localhost:"
                        + projectionPort + "/v3/api-docs");
        System.out.println("  Swagger UI              http://localhost:" + projectionPort
                + "/swagger-ui.html (behind the same token rule)");
        System.out.println("  The auditor's pages     http://localhost:" + projectionPort
                + "/ui/login (paste the AUDITOR token below)");
        System.out.println("  Send a command          ./run-local send docs/examples/draft-contract.json");
        System.out.println("  Export and verify       curl -o key.pem http://localhost:" + projectionPort
                + "/api/signing-key; then audit-verifier verify --public-key key.pem (docs/bundle-format.md)");
        System.out.println(
                "Bearer tokens for this run (12 hours; curl -H \"Authorization: Bearer $SLA_TOKEN_AUDITOR\" ...):");
        for (String role : List.of("INTEGRATION", "ANALYST", "AUDITOR", "ADMIN")) {
            System.out.println("  export SLA_TOKEN_" + role + "="
                    + Tokens.mint(
                            secret, "run-local-" + role.toLowerCase(), List.of(role), null, Duration.ofHours(12)));
        }
        System.out.println("Ctrl-C stops everything.");

        if (demo) {
            try (CommandClient client = new CommandClient(kafka, kafkaLogin, integrationToken(secret))) {
                String reader =
                        Tokens.mint(secret, "run-local-demo", List.of("ANALYST", "AUDITOR"), null, Duration.ofHours(1));
                String contractId = new Demo(client, "http://localhost:" + projectionPort, reader, System.out).play();
                System.out.println(
                        "  A contract view:       http://localhost:" + projectionPort + "/api/contracts/" + contractId);
                System.out.println("  The demo contract's page: http://localhost:" + projectionPort + "/ui/contracts/"
                        + contractId + " (sign in at /ui/login with the AUDITOR token above)");
            }
        }
        stopped.await();
    }

    /** A whole-ledger integration's token, for the demo and './run-local send' (every record carries one). */
    private static String integrationToken(String secret) {
        return Tokens.mint(secret, "run-local-integration", List.of("INTEGRATION"), null, Duration.ofHours(12));
    }

    /**
     * {@code ./run-local send FILE...}: each file's envelope to contract.commands, and its result
     * printed. Every file is read before anything is sent, so a file that is missing or holds no
     * envelope sends nothing. Answers the exit code: 0 when each file got a result (accepted or
     * rejected, as the service decided), 2 for a file or token problem, 1 when the broker or the
     * service does not answer.
     */
    static int send(Environment env, List<String> files, PrintStream out, PrintStream err) {
        return send(env, files, out, err, SEND_RESULT_WITHIN);
    }

    /** As {@link #send(Environment, List, PrintStream, PrintStream)}, waiting {@code resultWithin} for each result. */
    static int send(Environment env, List<String> files, PrintStream out, PrintStream err, Duration resultWithin) {
        if (files.isEmpty()) {
            err.println("usage: ./run-local send FILE.json [FILE.json ...]");
            return 2;
        }
        List<ObjectNode> envelopes = new ArrayList<>();
        for (String file : files) {
            String problem = null;
            try {
                JsonNode read = SlaJson.mapper().readTree(Files.readString(Path.of(file)));
                if (read != null && read.isObject()) {
                    envelopes.add((ObjectNode) read);
                } else {
                    problem = "holds " + (read == null || read.isMissingNode() ? "nothing" : "a JSON " + kind(read))
                            + ", not a command envelope (a JSON object; see docs/examples/)";
                }
            } catch (NoSuchFileException e) {
                problem = "no such file";
            } catch (IOException | UncheckedIOException e) {
                problem = "cannot be read: " + e.getMessage();
            } catch (JacksonException e) {
                String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
                int colon = message.indexOf(':');
                problem = "is not JSON (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + "): "
                        + Wording.echo(colon > 0 ? message.substring(0, colon) : message)
                        + ". Records that are not JSON can be sent with kcat (README, For integration systems)";
            }
            if (problem != null) {
                err.println("[run-local] send: " + file + " " + problem + "; nothing was sent");
                return 2;
            }
        }
        String token = env.get("SLA_TOKEN_INTEGRATION", null);
        if (token == null) {
            String secret = env.get("SLA_JWT_SECRET", null);
            Path secretFile = Path.of(env.get("SLA_LOCAL_DATA", ".local"), "jwt-secret");
            try {
                if (secret == null && Files.exists(secretFile)) {
                    secret = Files.readString(secretFile).trim();
                }
            } catch (IOException e) {
                err.println("[run-local] send: cannot read " + secretFile + ": " + e.getMessage());
                return 2;
            }
            if (secret == null) {
                err.println("[run-local] send: no token; start ./run-local first, or set SLA_TOKEN_INTEGRATION");
                return 2;
            }
            token = integrationToken(secret);
        }
        String broker = env.get("SLA_KAFKA_BOOTSTRAP_SERVERS", null);
        if (broker == null) {
            try {
                broker = "127.0.0.1:" + env.port("SLA_KAFKA_PORT", 9092);
            } catch (Misconfigured e) {
                err.println("[run-local] send: " + e.getMessage());
                return 2;
            }
        }
        CommandClient client;
        try {
            client = new CommandClient(broker, CommandClient.security(env.variables()), token, SEND_CONNECT_WITHIN);
        } catch (KafkaException e) {
            err.println("[run-local] send: no Kafka broker answered at " + broker + " within "
                    + SEND_CONNECT_WITHIN.toSeconds() + " s; is ./run-local running?");
            return 1;
        }
        try (client) {
            for (ObjectNode envelope : envelopes) {
                CommandResult result;
                try {
                    result = client.send(envelope, resultWithin);
                } catch (CompletionException e) {
                    err.println("[run-local] send: no result for commandId "
                            + envelope.path("commandId").asString()
                            + " within " + resultWithin.toSeconds() + " s ("
                            + (e.getCause() instanceof TimeoutException ? "no answer" : e.getCause())
                            + "); is contract-service running?");
                    return 1;
                }
                out.println(SlaJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            }
        }
        return 0;
    }

    private static final Duration SEND_CONNECT_WITHIN = Duration.ofSeconds(10);
    private static final Duration SEND_RESULT_WITHIN = Duration.ofSeconds(30);

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> "value";
        };
    }

    /**
     * The export signing key: SLA_SIGNING_KEY when set, else the key this data folder keeps
     * ({@code signing-key.pem}, made on the first run), so that exports verify across restarts.
     */
    private static String signingKey(Environment env, Path data) throws IOException {
        String configured = env.get("SLA_SIGNING_KEY", null);
        if (configured != null) {
            return configured;
        }
        Path file = data.resolve("signing-key.pem");
        if (!Files.exists(file)) {
            Files.writeString(file, SigningKeys.pem(SigningKeys.generate()));
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            System.out.println("[run-local] SLA_SIGNING_KEY not set: made " + file + " to sign exports");
        }
        return file.toAbsolutePath().toString();
    }

    private static void ready(String component, String where, Instant since) {
        System.out.printf(
                "[run-local] ready  %-28s %-40s (%.1f s)%n",
                component, where, Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** What is running, stopped in reverse order. */
    private static final class Stack {
        LocalKafka kafka;
        LocalPostgres postgres;
        Services services;

        synchronized void close() {
            closeQuietly(services);
            closeQuietly(kafka);
            closeQuietly(postgres);
            services = null;
            kafka = null;
            postgres = null;
        }

        private static void closeQuietly(AutoCloseable closeable) {
            if (closeable == null) {
                return;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("[run-local] while stopping: " + e.getMessage());
            }
        }
    }

    /** Environment variables with defaults. */
    record Environment(Map<String, String> variables) {
        String get(String name, String fallback) {
            String value = variables.get(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        /**
         * A port from 1 to 65535 (run-local prints its URLs with it, so not 0 for "any"); anything
         * else is refused by the variable's name.
         */
        int port(String name, int fallback) {
            String text = get(name, Integer.toString(fallback));
            if (text.matches("[0-9]+")) {
                BigInteger number = new BigInteger(text);
                if (number.signum() > 0 && number.compareTo(BigInteger.valueOf(65535)) <= 0) {
                    return number.intValue();
                }
            }
            throw new Misconfigured(name + " must be a port number from 1 to 65535, not " + Wording.echo(text));
        }
    }

    /** A variable run-local cannot use: its message says which and why, and is all that is printed. */
    static final class Misconfigured extends RuntimeException {

        Misconfigured(String message) {
            super(message);
        }
    }
}
