package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.HostileEnvelopes;
import com.slaledger.testsupport.KafkaServer;
import com.slaledger.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Both services as ./run-local starts them, on real PostgreSQL and Kafka: a command goes into
 * Kafka, through contract-service, the event store and the publisher onto contract.events, through
 * projection-service, and shows up over REST.
 */
class EndToEndTest {

    private static TestStack stack;
    private static CommandClient commands;
    private static String projectionUrl;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = TestStack.start("e2e");
        commands = stack.commands();
        projectionUrl = stack.projectionUrl();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aCommandSentToKafkaShowsUpInTheProjectionsRestApi() {
        ObjectNode envelope = (ObjectNode) SlaJson.mapper().readTree("""
                {"type":"DraftContract","contractId":"E2E-1","issuedBy":{"party":"CLIENT","actor":"it@acme.example"},
                 "payload":{"clientId":"acme","clientName":"ACME","supplierId":"hostco","supplierName":"HostCo",
                            "title":"Rented servers","ownership":"SUPPLIER_OWNED",
                            "monthlyFee":{"amount":"12500.00","currency":"EUR"},"atRiskPercent":12,"startDate":"2026-12-01"}}""");

        CommandResult result = commands.send(envelope, Duration.ofSeconds(60));

        assertThat(result.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        JsonNode view = viewOnce("E2E-1", v -> true);
        assertThat(view.get("status").asString()).isEqualTo("DRAFT");
        assertThat(view.at("/monthlyFee/amount").asString()).isEqualTo("12500.00");
    }

    /**
     * A sender's {@code issuedAt} is its claim. Every command of a story to 2.0 claims a generated
     * time between 1970 and yesterday; the events keep the claims (the history's {@code occurredAt}),
     * and the contract's times (drafted, opened, activated, filled in) are the service's, from this
     * test's run. The command after them, with no claim, is stored as well.
     */
    @Test
    void claimedTimesStayClaimsAndTheContractShowsTheServicesTimes() {
        Instant began = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        java.util.Iterator<Instant> claims = Arbitraries.longs()
                .between(0, began.minus(Duration.ofDays(1)).getEpochSecond())
                .map(Instant::ofEpochSecond)
                .sampleStream()
                .iterator();
        String contractId = "E2E-CLAIMS-1";
        List<ObjectNode> story =
                new ArrayList<>(HostileEnvelopes.goodStory(contractId, () -> "e2e-" + UUID.randomUUID()));
        for (String type : List.of("FillInClause", "AgreeToChange")) {
            ObjectNode step = HostileEnvelopes.validEnvelope(type, "e2e-" + UUID.randomUUID(), contractId);
            step.remove("expectedVersion");
            story.add(step);
        }
        ((ObjectNode) story.get(6).path("issuedBy")).put("party", "SUPPLIER").put("actor", "desk@hostco.example");
        List<String> claimed = new ArrayList<>();
        for (ObjectNode command : story) {
            String claim = claims.next().toString();
            command.put("issuedAt", claim);
            claimed.add(claim);
            CommandResult result = commands.send(command, Duration.ofSeconds(60));
            assertThat(result.status())
                    .as(result.type() + ": " + result.message())
                    .isEqualTo(CommandResult.Status.ACCEPTED);
        }
        ObjectNode next = HostileEnvelopes.validEnvelope("RecordBreach", "e2e-" + UUID.randomUUID(), contractId);
        next.remove("expectedVersion");
        next.remove("issuedAt");
        ((ObjectNode) next.path("payload")).put("breachId", "INC-2");
        assertThat(commands.send(next, Duration.ofSeconds(60)).status()).isEqualTo(CommandResult.Status.ACCEPTED);
        JsonNode view = viewOnce(contractId, v -> v.get("breachCount").asInt() == 2);
        Instant ended = Instant.now();

        assertThat(view.get("version").asString()).isEqualTo("2.0");
        JsonNode responseTime = view.at("/clauses/1");
        assertThat(responseTime.get("clauseId").asString()).isEqualTo("response-time");
        for (String time : List.of(
                view.get("draftedAt").asString(),
                view.get("activatedAt").asString(),
                responseTime.get("openedAt").asString(),
                responseTime.get("filledInAt").asString())) {
            assertThat(Instant.parse(time)).as(view.toString()).isBetween(began, ended);
        }
        JsonNode history = SlaJson.mapper()
                .readTree(get("/api/contracts/" + contractId + "/history").body());
        assertThat(history.findValuesAsString("occurredAt"))
                .as("the events keep their senders' claims")
                .containsAll(claimed);
    }

    /** {@code ./run-local send} against a running stack: each file's result, accepted or not. */
    @Test
    void sendPrintsEachFilesResult(@TempDir Path folder) throws IOException {
        Path draft = Files.writeString(
                folder.resolve("draft.json"),
                Files.readString(Path.of("../docs/examples/draft-contract.json"))
                        .replace("SLA-EXAMPLE-1", "E2E-SEND-1"));
        Path unknown = Files.writeString(
                folder.resolve("sign.json"),
                "{\"type\":\"SignContract\",\"contractId\":\"E2E-NOWHERE\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"a\"}}");

        SendTest.Outcome outcome = SendTest.send(
                Map.of(
                        "SLA_KAFKA_BOOTSTRAP_SERVERS",
                        KafkaServer.bootstrapServers(),
                        "SLA_TOKEN_INTEGRATION",
                        TestTokens.withRoles("INTEGRATION")),
                draft.toString(),
                unknown.toString());

        assertThat(outcome.exit()).as(outcome.err()).isEqualTo(0);
        List<CommandResult> results = new ArrayList<>();
        SlaJson.mapper()
                .readerFor(CommandResult.class)
                .<CommandResult>readValues(outcome.out())
                .forEachRemaining(results::add);
        assertThat(results).extracting(CommandResult::contractId).containsExactly("E2E-SEND-1", "E2E-NOWHERE");
        assertThat(results)
                .extracting(CommandResult::status)
                .containsExactly(CommandResult.Status.ACCEPTED, CommandResult.Status.REJECTED);
        assertThat(results.get(1).code()).isEqualTo(RejectionCode.NOT_FOUND);
    }

    @Test
    void theDemoPlaysTheSeedsStoryToVersionTwoPointZeroWithAnIntactChain() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String contractId = new Demo(
                        commands,
                        projectionUrl,
                        TestTokens.withRoles("ANALYST", "AUDITOR"),
                        new PrintStream(printed, true, StandardCharsets.UTF_8))
                .play();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("(version 1.0)", "(version 1.1)", "(version 2.0)", "/diff?from=1.0&to=2.0");
        assertThat(output).doesNotContain("REJECTED");
        assertThat(output)
                .contains("Evidence for response-time before it is filled in")
                .contains(
                        "2 breaches while open; measured 40 to 55 MINUTES (median 40); suggested RESPONSE_TIME 55 MINUTES")
                .contains("Clauses that pinch:");
        JsonNode atTwo = SlaJson.mapper()
                .readTree(get("/api/contracts/" + contractId + "/versions/2.0").body());
        assertThat(atTwo.get("clauses").findValuesAsString("state")).containsOnly("AGREED");
        JsonNode credits = SlaJson.mapper()
                .readTree(get("/api/contracts/" + contractId + "/credits").body());
        assertThat(credits.at("/months/0/capReached").asBoolean()).isTrue();
        assertThat(credits.at("/months/0/credited/amount").asString()).isEqualTo("1500.00");
        JsonNode verify = SlaJson.mapper()
                .readTree(
                        get("/api/contracts/" + contractId + "/history/verify").body());
        assertThat(verify.get("valid").asBoolean()).isTrue();
        JsonNode diff = SlaJson.mapper()
                .readTree(get("/api/contracts/" + contractId + "/diff?from=1.0&to=2.0")
                        .body());
        assertThat(diff.get("changes").findValuesAsString("change")).containsExactly("FILLED_IN", "FILLED_IN");
    }

    /**
     * Issue 12 end to end: good stories on ten contracts, each command followed on its key by
     * generated hostile records. Every good command is accepted, the read models show it within
     * seconds, and both services verify every chain.
     */
    @Test
    void goodCommandsBetweenHostileRecordsReachTheReadModelsAndBothServicesVerifyTheirChains() throws Exception {
        String contractUrl = stack.contractUrl();
        List<CompletableFuture<CommandClient.Answer>> good = new ArrayList<>();
        Map<String, Integer> goodCommands = new java.util.HashMap<>();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int c = 0; c < 10; c++) {
                String contractId = "E2E-HOSTILE-" + c;
                var mutants = HostileEnvelopes.mutated(
                                Arbitraries.create(() -> "e2e-" + UUID.randomUUID()), contractId + "-m")
                        .sampleStream()
                        .iterator();
                for (ObjectNode command : HostileEnvelopes.goodStory(contractId, () -> "e2e-" + UUID.randomUUID())) {
                    good.add(commands.send(command));
                    goodCommands.merge(contractId, 1, Integer::sum);
                    for (int m = 0; m < 9; m++) {
                        ProducerRecord<String, byte[]> mutant = new ProducerRecord<>(
                                "contract.commands", contractId, mutants.next().bytes());
                        // Signed like the good ones, so that the hostile bytes reach the reader.
                        mutant.headers()
                                .add(
                                        "authorization",
                                        ("Bearer " + TestTokens.withRoles("INTEGRATION"))
                                                .getBytes(StandardCharsets.UTF_8));
                        raw.send(mutant);
                    }
                    raw.flush();
                }
            }
        }
        for (CompletableFuture<CommandClient.Answer> answer : good) {
            CommandResult result = answer.get(120, TimeUnit.SECONDS).result();
            assertThat(result.status())
                    .as(result.commandId() + ": " + result.message())
                    .isEqualTo(CommandResult.Status.ACCEPTED);
        }
        for (String contractId : goodCommands.keySet()) {
            viewOnce(contractId, v -> v.path("lastSequence").asLong() >= goodCommands.get(contractId) - 1);
            assertThat(SlaJson.mapper()
                            .readTree(get("/api/contracts/" + contractId + "/history/verify")
                                    .body())
                            .path("valid")
                            .asBoolean())
                    .as("projection-service verifies " + contractId)
                    .isTrue();
            HttpResponse<String> contractVerify = HTTP.send(
                    HttpRequest.newBuilder(URI.create(contractUrl + "/api/contracts/" + contractId + "/history/verify"))
                            .header("Authorization", "Bearer " + TestTokens.withRoles("AUDITOR"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(SlaJson.mapper()
                            .readTree(contractVerify.body())
                            .path("valid")
                            .asBoolean())
                    .as("contract-service verifies " + contractId + ": " + contractVerify.body())
                    .isTrue();
        }
    }

    /** The contract's view once the projection shows it and {@code shows} holds of it. */
    private static JsonNode viewOnce(String contractId, java.util.function.Predicate<JsonNode> shows) {
        String path = "/api/contracts/" + contractId;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> answer = get(path);
            return answer.statusCode() == 200 && shows.test(SlaJson.mapper().readTree(answer.body()));
        });
        return SlaJson.mapper().readTree(get(path).body());
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(projectionUrl + path))
                            .header("Authorization", "Bearer " + TestTokens.withRoles("ANALYST", "AUDITOR"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
