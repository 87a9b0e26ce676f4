package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.FaultInjection;
import com.slaledger.api.Party;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.TestTokens;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@ContractServiceTest
class CommandEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    FaultInjection.FailingCommandProcessor processor;

    private RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + TestTokens.all())
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    private ResponseEntity<String> post(byte[] body) {
        return http.post()
                .uri("/api/commands")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .toEntity(String.class);
    }

    private static JsonNode json(ResponseEntity<String> response) {
        return SlaJson.mapper().readTree(response.getBody());
    }

    /**
     * Concurrent HTTP commands share batches as a poll's records do (group commit), and each caller
     * still gets its own result, every command taking effect once.
     */
    @Test
    void concurrentCommandsShareTransactionsAndEachGetsItsOwnResult() throws Exception {
        DistributionSummary batches = registry.get("sla.commands.batch.size").summary();
        long batchesBefore = batches.count();
        double commandsBefore = batches.totalAmount();
        int callers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            byte[] body = bytes(envelope(Party.CLIENT, draft("H-BATCH-" + i)));
            answers.add(pool.submit(() -> post(body)));
        }
        for (int i = 0; i < callers; i++) {
            ResponseEntity<String> answer = answers.get(i).get(60, TimeUnit.SECONDS);
            assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
            assertThat(json(answer).get("contractId").asString()).isEqualTo("H-BATCH-" + i);
            assertThat(json(answer).get("sequence").asLong()).isZero();
        }
        pool.shutdown();
        long batchesUsed = batches.count() - batchesBefore;
        assertThat(batches.totalAmount() - commandsBefore).isGreaterThanOrEqualTo(callers);
        assertThat(batchesUsed)
                .as("%d commands in %d batches", callers, batchesUsed)
                .isLessThan(callers);
    }

    /**
     * A batch of HTTP commands that fails as a whole (a bug meets one of them) is handled one
     * command at a time: that caller gets a 500 with INTERNAL_ERROR, every other its own result,
     * and the next command goes through.
     */
    @Test
    void aBatchThatFailsIsHandledOneCommandAtATimeAndEachCallerGetsItsOwnAnswer() throws Exception {
        int callers = 20;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            ObjectNode envelope = envelope(Party.CLIENT, draft("H-BUG-" + i));
            if (i == 7) {
                processor.bugFor(envelope.get("commandId").asString());
            }
            bodies.add(bytes(envelope));
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        bodies.forEach(body -> answers.add(pool.submit(() -> post(body))));
        for (int i = 0; i < callers; i++) {
            ResponseEntity<String> answer = answers.get(i).get(60, TimeUnit.SECONDS);
            if (i == 7) {
                assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(500);
                assertThat(json(answer).get("code").asString()).isEqualTo("INTERNAL_ERROR");
            } else {
                assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
                assertThat(json(answer).get("sequence").asLong()).isZero();
                assertThat(json(answer).get("duplicate").asBoolean()).isFalse();
            }
        }
        pool.shutdown();

        ResponseEntity<String> next = post(bytes(envelope(Party.CLIENT, draft("H-BUG-NEXT"))));
        assertThat(next.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void anAcceptedCommandAnswersWithItsResult() {
        ObjectNode envelope = envelope(Party.CLIENT, draft("H-OK-1"));
        ResponseEntity<String> response = post(bytes(envelope));
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(json(response).get("sequence").asLong()).isZero();
        assertThat(json(response).get("commandId").asString())
                .isEqualTo(envelope.get("commandId").asString());

        ResponseEntity<String> again = post(bytes(envelope));
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(json(again).get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void aRuleViolationIsAProblemWithItsCode() {
        post(bytes(envelope(Party.CLIENT, draft("H-RULE-1"))));
        ResponseEntity<String> response =
                post(bytes(envelope(Party.CLIENT, new SignContract(com.slaledger.api.ContractId.of("H-RULE-1")))));
        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(response);
        assertThat(problem.get("code").asString()).isEqualTo("NO_CLAUSES");
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("detail").asString()).contains("at least one clause");
        assertThat(problem.get("sequence").asLong()).isZero();
    }

    @Test
    void anUnknownContractIs404() {
        ResponseEntity<String> response =
                post(bytes(envelope(Party.CLIENT, new SignContract(com.slaledger.api.ContractId.of("H-NONE")))));
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(json(response).get("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void malformedAndInvalidInputIs400() {
        ResponseEntity<String> malformed = post("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(json(malformed).get("code").asString()).isEqualTo("MALFORMED");

        ObjectNode envelope = envelope(Party.CLIENT, draft("H-BAD-1"));
        ((ObjectNode) envelope.get("payload")).put("atRiskPercent", 140).remove("ownership");
        ResponseEntity<String> invalid = post(bytes(envelope));
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        assertThat(json(invalid).get("code").asString()).isEqualTo("INVALID");
        assertThat(json(invalid).get("detail").asString())
                .contains("ownership is required", "atRiskPercent must be between 0 and 100");

        ObjectNode wrongKind = envelope(Party.CLIENT, draft("H-BAD-2"));
        ((ObjectNode) wrongKind.get("payload")).put("startDate", 20261201);
        ResponseEntity<String> refused = post(bytes(wrongKind));
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(json(refused).get("code").asString()).isEqualTo("INVALID");
        assertThat(json(refused).get("detail").asString())
                .contains("startDate must be a date such as 2026-12-01, not 20261201");
    }

    @Test
    void anOversizedBodyIs413() {
        ObjectNode envelope = envelope(Party.CLIENT, draft("H-BIG-1"));
        ((ObjectNode) envelope.get("payload")).put("title", "x".repeat(300_000));
        ResponseEntity<String> response = post(bytes(envelope));
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(json(response).get("code").asString()).isEqualTo("TOO_LARGE");
    }

    @Test
    void theApiIsDescribedAndTheServiceReportsHealth() {
        ResponseEntity<String> docs = http.get().uri("/v3/api-docs").retrieve().toEntity(String.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        assertThat(docs.getBody()).contains("/api/commands");
        assertThat(http.get()
                                .uri("/swagger-ui.html")
                                .retrieve()
                                .toEntity(String.class)
                                .getStatusCode()
                                .is2xxSuccessful()
                        || http.get()
                                .uri("/swagger-ui/index.html")
                                .retrieve()
                                .toEntity(String.class)
                                .getStatusCode()
                                .is2xxSuccessful())
                .isTrue();
        ResponseEntity<String> health =
                http.get().uri("/actuator/health").retrieve().toEntity(String.class);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody()).contains("UP");
    }
}
