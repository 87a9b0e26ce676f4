package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.FaultInjection;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An operator fixes what made a command fail, and re-drives its dead letter: one real result, one effect. */
@ContractServiceTest
class DeadLetterRedriveTest {

    private static KafkaTestClient kafka;

    @LocalServerPort
    int port;

    @Autowired
    FaultInjection.FailingResultPublisher results;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        kafka.close();
    }

    @Test
    void aDeadLetterReDrivenAfterTheFixGetsItsStoredResultAndNoSecondEffect() {
        ContractId id = ContractId.of("DLR-1");
        ObjectNode draft = envelope(Party.CLIENT, draft(id.value()));
        kafka.send(id.value(), bytes(draft));
        assertThat(kafka.awaitResult(draft.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
        ObjectNode clause =
                envelope(Party.CLIENT, new DraftClause(id, ClauseId.of("a"), "A", "text", null, null, null));
        String commandId = clause.get("commandId").asString();
        results.failAlwaysFor(commandId);
        kafka.send(id.value(), bytes(clause));
        assertThat(kafka.awaitResult(commandId).code()).isEqualTo(RejectionCode.INTERNAL_ERROR);

        await().atMost(Duration.ofSeconds(10)).until(() -> pendingEntry(commandId) != null);
        JsonNode entry = pendingEntry(commandId);
        assertThat(entry.get("key").asString()).isEqualTo("DLR-1");
        assertThat(entry.get("reason").asString()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(entry.get("originalTopic").asString()).isEqualTo("contract.commands");
        assertThat(entry.get("originalOffset").isNumber()).isTrue();
        assertThat(entry.get("message").asString()).contains("did not acknowledge");

        results.recover(commandId);
        JsonNode redriven = call("POST", "/api/admin/dead-letters/redrive?limit=500");
        assertThat(commandIds(redriven.get("deadLetters"))).contains(commandId);
        assertThat(redriven.get("redriven").asInt())
                .isEqualTo(redriven.get("deadLetters").size());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.resultsFor(commandId).size() == 2);
        CommandResult answer = kafka.resultsFor(commandId).get(1);
        assertThat(answer.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(answer.duplicate())
                .as("the command took effect before its result failed; the stored result goes out")
                .isTrue();
        assertThat(eventCount(id)).as("no second effect").isEqualTo(2);
        assertThat(pendingEntry(commandId)).as("no longer pending").isNull();

        JsonNode again = call("POST", "/api/admin/dead-letters/redrive?limit=500");
        assertThat(commandIds(again.get("deadLetters"))).as("re-driven once").doesNotContain(commandId);
    }

    @Test
    void aLimitOutsideOneToFiveHundredIsACleanBadRequest() {
        for (String limit : List.of("0", "501", "abc", "1;DROP", "-1")) {
            ResponseEntity<String> answer = admin().get()
                    .uri("/api/admin/dead-letters?limit={limit}", limit)
                    .retrieve()
                    .toEntity(String.class);
            assertThat(answer.getStatusCode().value()).as(limit).isEqualTo(400);
            assertThat(SlaJson.mapper().readTree(answer.getBody()).get("code").asString())
                    .isEqualTo("INVALID");
        }
    }

    private JsonNode pendingEntry(String commandId) {
        JsonNode pending = call("GET", "/api/admin/dead-letters?limit=500");
        return StreamSupport.stream(pending.spliterator(), false)
                .filter(entry -> commandId.equals(entry.path("commandId").asString(null)))
                .findFirst()
                .orElse(null);
    }

    private static List<String> commandIds(JsonNode deadLetters) {
        return StreamSupport.stream(deadLetters.spliterator(), false)
                .map(entry -> entry.path("commandId").asString(null))
                .toList();
    }

    private long eventCount(ContractId id) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(id.value())
                .query(Long.class)
                .single();
    }

    private JsonNode call(String method, String path) {
        ResponseEntity<String> answer = admin().method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .retrieve()
                .toEntity(String.class);
        assertThat(answer.getStatusCode().value()).as(method + " " + path).isEqualTo(200);
        return SlaJson.mapper().readTree(answer.getBody());
    }

    private RestClient admin() {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + TestTokens.withRoles("ADMIN"))
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }
}
