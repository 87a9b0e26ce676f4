package com.slaledger.benchmarks;

import com.slaledger.api.json.SlaJson;
import com.slaledger.local.CommandClient;
import com.slaledger.security.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fault suite's racing writers (R6): {@value #WRITERS} HTTP clients change one contract, each
 * sending {@code expectedVersion} = the sequence it last saw, to whichever contract-service
 * instance is next, taking a {@code CONFLICT}'s sequence as its new expectation. An unanswered
 * command is sent again under the same commandId, to the next instance.
 *
 * <p>What it counts:
 * <ul>
 *   <li><b>stale decisions</b>: a {@code CONFLICT} judged against a sequence older than one
 *       already acknowledged to some writer before the command was sent, or any other rejection;
 *   <li><b>lost updates</b>: an accepted command whose first event is not at its expected sequence
 *       + 1, or has no event, and a stored command no writer was told was accepted;
 *   <li><b>server errors</b>: answers of 500 and above, which are resent like no answer (R11, a
 *       graceful stop, allows none).
 * </ul>
 */
final class Race {

    static final int WRITERS = 8;
    private static final int ACCEPTED_PER_WRITER = 25;
    private static final Duration PACE = Duration.ofMillis(100);

    /** What the writers saw and what the event store holds, compared. */
    record Outcome(int sent, int accepted, int conflicts, long stale, int lostUpdates, long resent, long serverErrors) {
        @Override
        public String toString() {
            return String.format(
                    "%d racing HTTP commands: %d accepted, %d CONFLICT, %d stale, %d lost updates, %d answered 5xx",
                    sent, accepted, conflicts, stale, lostUpdates, serverErrors);
        }
    }

    private final String token;
    private final Supplier<List<ServiceProcess>> instances;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong committed = new AtomicLong(-1);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    /** Answers of 500 and above, each resent: an instance that answered but could not decide. */
    private final AtomicLong serverErrors = new AtomicLong();
    /** Accepted commandId to the sequence its sender expected. */
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();

    private String contract;

    Race(String secret, Supplier<List<ServiceProcess>> instances) {
        this.token = "Bearer " + Tokens.mint(secret, "faults-http", List.of("INTEGRATION"), null, Duration.ofHours(2));
        this.instances = instances;
    }

    String contract() {
        return contract;
    }

    /** Answers of 500 and above so far. */
    long serverErrors() {
        return serverErrors.get();
    }

    /**
     * Prepares the contract over Kafka, then lets the writers loose until {@code keepGoing} says
     * stop and each has {@value #ACCEPTED_PER_WRITER} accepted; completes when all are done.
     */
    CompletableFuture<Void> run(CommandClient client, String contractId, BooleanSupplier keepGoing) {
        contract = contractId;
        long signed = -1;
        for (Function<String, ObjectNode> step : Commands.TO_ACTIVE) {
            signed = client.send(step.apply(contractId)).join().result().sequence();
        }
        committed.set(signed);
        long start = signed;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CompletableFuture<?>[] writers = new CompletableFuture<?>[WRITERS];
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers[w] = CompletableFuture.runAsync(() -> write(writer, start, keepGoing), pool);
        }
        return CompletableFuture.allOf(writers).whenComplete((done, failed) -> pool.shutdown());
    }

    private void write(int writer, long start, BooleanSupplier keepGoing) {
        long known = start;
        int attempt = writer;
        int done = 0;
        for (int n = 0; done < ACCEPTED_PER_WRITER || keepGoing.getAsBoolean(); n++) {
            pause(PACE); // the race spans the whole load, both rebalances included, at a pace the projection keeps
            ObjectNode envelope = Commands.breach(contract, "race-" + writer + "-" + n);
            String commandId = UUID.randomUUID().toString();
            envelope.put("commandId", commandId).put("expectedVersion", known);
            long acknowledgedBefore = committed.get();
            HttpResponse<String> response;
            while (true) {
                List<ServiceProcess> alive = instances.get();
                ServiceProcess target = alive.get(attempt++ % alive.size());
                response = post(target, envelope);
                if (response != null && response.statusCode() < 500) {
                    break;
                }
                if (response != null && serverErrors.incrementAndGet() <= 5) {
                    System.out.println("[faults] racing writer answered " + response.statusCode() + " by " + target.name
                            + ": " + response.body());
                }
                resent.incrementAndGet(); // no decision yet: the same commandId again
                pause(PACE);
            }
            sent.incrementAndGet();
            JsonNode answer = SlaJson.mapper().readTree(response.body());
            long sequence = answer.path("sequence").asLong(-1);
            if (response.statusCode() == 200) {
                accepted.put(commandId, known);
                done++;
                committed.accumulateAndGet(sequence, Math::max);
                known = sequence;
            } else if (response.statusCode() == 409
                    && answer.path("code").asString("").equals("CONFLICT")) {
                conflicts.incrementAndGet();
                if (sequence < acknowledgedBefore || sequence == known) {
                    stale.incrementAndGet();
                    System.out.println("[faults] stale CONFLICT for " + commandId + ": " + answer);
                }
                known = Math.max(sequence, known);
            } else {
                stale.incrementAndGet();
                System.out.println("[faults] racing writer refused: " + response.statusCode() + " " + answer);
            }
        }
    }

    private HttpResponse<String> post(ServiceProcess target, ObjectNode envelope) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(target.url + "/api/commands"))
                            .header("Authorization", token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(envelope.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The writers' answers against the event store: every accepted command exactly where expected. */
    Outcome outcome(String url, String user, String password) throws Exception {
        Map<String, Long> firstSequence = new HashMap<>();
        try (Connection db = DriverManager.getConnection(url, user, password);
                PreparedStatement query = db.prepareStatement("""
                        SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'commandId', min(sequence_number)
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%BreachRecorded'
                        GROUP BY 1""")) {
            query.setString(1, contract);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    firstSequence.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        int lost = 0;
        for (Map.Entry<String, Long> command : accepted.entrySet()) {
            Long first = firstSequence.get(command.getKey());
            if (first == null || first != command.getValue() + 1) {
                lost++;
            }
        }
        lost += (int) firstSequence.keySet().stream()
                .filter(id -> !accepted.containsKey(id))
                .count();
        return new Outcome(
                sent.get(), accepted.size(), conflicts.get(), stale.get(), lost, resent.get(), serverErrors.get());
    }
}
