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
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.AdminActionLines;
import com.slaledger.testsupport.KafkaServer;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.TestTokens;
import com.slaledger.topics.TopicPlan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    /** The subject of the ADMIN token that asks for the re-drives. */
    private static final String OPERATOR = "operator@supplier.example";

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    @LocalServerPort
    int port;

    @Autowired
    FaultInjection.FailingResultPublisher results;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SenderVouches vouches;

    @Autowired
    FaultInjection.UnreachableKeys keys;

    @Autowired
    IntakeProperties properties;

    @Autowired
    Clock clock;

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
        JsonNode redriven;
        try (AdminActionLines log = new AdminActionLines()) {
            redriven = call("POST", "/api/admin/dead-letters/redrive?limit=500");
            assertThat(log.lines()).as("the admin action log").singleElement().satisfies(line -> {
                assertThat(line.get("by").asString()).isEqualTo(OPERATOR);
                assertThat(line.get("path").asString()).isEqualTo("/api/admin/dead-letters/redrive");
                assertThat(line.get("status").asInt()).isEqualTo(200);
                assertThat(line.get("code").isNull()).isTrue();
            });
        }
        assertThat(commandIds(redriven.get("deadLetters"))).contains(commandId);
        assertThat(redriven.get("redriven").asInt())
                .isEqualTo(redriven.get("deadLetters").size());
        await().atMost(Duration.ofSeconds(10)).until(() -> redrivenRecord(commandId) != null);
        ConsumerRecord<String, byte[]> sentBack = redrivenRecord(commandId);
        assertThat(header(sentBack, DeadLetterRedrive.REDRIVEN_FROM_HEADER))
                .as("where it waited")
                .isEqualTo("contract.commands.dlt-" + entry.get("partition").asInt() + "@"
                        + entry.get("offset").asLong());
        assertThat(header(sentBack, DeadLetterRedrive.REDRIVEN_BY_HEADER))
                .as("who asked for the re-drive")
                .isEqualTo(OPERATOR);
        assertThat(sentBack.headers().lastHeader(DeadLetters.REASON_HEADER))
                .as("the dead-letter headers stay behind")
                .isNull();

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

    /**
     * A record keyed with bytes that are not UTF-8 is dead-lettered and re-driven with those bytes,
     * and the service's vouch, sealed over them, still holds (ADR 0032). Read as text, its key came
     * back altered: the re-driven record would have landed on another partition under another key.
     */
    @Test
    void aDeadLetterKeyedWithBytesThatAreNotTextIsReDrivenWithThoseBytesAndItsVouchHolds() {
        ContractId id = ContractId.of("DLR-BYTES");
        byte[] key = {(byte) 0xc3, 0x28, 'D', 'L', 'R', (byte) 0xff, 0};
        ObjectNode draft = envelope(Party.CLIENT, draft(id.value()));
        String commandId = draft.get("commandId").asString();
        results.failAlwaysFor(commandId);
        kafka.sendTo(
                "contract.commands",
                null,
                key,
                bytes(draft),
                Map.of(RecordSenders.HEADER, "Bearer " + KafkaTestClient.TOKEN));
        assertThat(kafka.awaitResult(commandId).code()).isEqualTo(RejectionCode.INTERNAL_ERROR);
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingEntry(commandId) != null);
        JsonNode entry = pendingEntry(commandId);
        assertThat(entry.get("key").asString())
                .as("shown as text, U+FFFD for each byte that is not UTF-8")
                .isEqualTo("\uFFFD(DLR\uFFFD\u0000");
        assertThat(entry.get("senderCheckedAt").isNull())
                .as("the vouch verifies over the key's bytes")
                .isFalse();

        results.recover(commandId);
        JsonNode redriven = call("POST", "/api/admin/dead-letters/redrive?limit=500");

        assertThat(commandIds(redriven.get("deadLetters"))).contains(commandId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.resultsFor(commandId).size() == 2);
        assertThat(kafka.resultsFor(commandId).get(1).status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(KafkaTestClient.readAll("contract.commands").stream()
                        .filter(r -> r.headers().lastHeader(DeadLetterRedrive.REDRIVEN_FROM_HEADER) != null)
                        .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(commandId)))
                .as("sent back with the key it came with")
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(key));
        assertThat(eventCount(id)).as("one effect").isEqualTo(1);
    }

    /**
     * The dead letter waits for its fix longer than its sender's token lives. The service checked the
     * sender when it dead-lettered the record and vouches for it: a re-drive before the fix fails
     * for the fault and is dead-lettered again with the same vouch, the re-drive after it takes
     * effect once, and the same record sent again without the vouch is refused for its expired token.
     */
    @Test
    void aDeadLetterWhoseTokenRanOutMeanwhileIsReDrivenOnTheServicesWordForItsSender() {
        ContractId id = ContractId.of("DLR-VOUCH-1");
        ObjectNode draft = envelope(Party.CLIENT, draft(id.value()));
        kafka.send(id.value(), bytes(draft));
        assertThat(kafka.awaitResult(draft.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
        String shortLived = TestTokens.refusedIn(Duration.ofSeconds(12), "INTEGRATION");
        ObjectNode clause =
                envelope(Party.CLIENT, new DraftClause(id, ClauseId.of("a"), "A", "text", null, null, null));
        String commandId = clause.get("commandId").asString();
        results.failAlwaysFor(commandId);
        kafka.send(id.value(), bytes(clause), shortLived);
        assertThat(kafka.awaitResult(commandId).code()).isEqualTo(RejectionCode.INTERNAL_ERROR);
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingEntry(commandId) != null);
        String checkedAt = pendingEntry(commandId).path("senderCheckedAt").asString(null);
        assertThat(checkedAt)
                .as("the listing shows that the service vouches for the sender")
                .isNotNull();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> RawHttp.send(
                                        "http://localhost:" + port + "/api/admin/dead-letters",
                                        "GET",
                                        shortLived,
                                        new byte[0],
                                        false)
                                .statusCode()
                        == 401);
        assertThat(commandIds(call("POST", "/api/admin/dead-letters/redrive?limit=500")
                        .get("deadLetters")))
                .as("re-driven before the fix")
                .contains(commandId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.resultsFor(commandId).size() == 2);
        assertThat(kafka.resultsFor(commandId).get(1).code())
                .as("taken on the vouch, it fails again for the fault, not for the token")
                .isEqualTo(RejectionCode.INTERNAL_ERROR);
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingEntry(commandId) != null);
        assertThat(pendingEntry(commandId).path("senderCheckedAt").asString(null))
                .as("dead-lettered again, it keeps the first check: failing again does not extend a vouch")
                .isEqualTo(checkedAt);

        results.recover(commandId);
        assertThat(commandIds(call("POST", "/api/admin/dead-letters/redrive?limit=500")
                        .get("deadLetters")))
                .contains(commandId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.resultsFor(commandId).size() == 3);
        CommandResult redriven = kafka.resultsFor(commandId).get(2);
        assertThat(redriven.status()).as(redriven.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(redriven.duplicate()).isTrue();
        assertThat(eventCount(id)).isEqualTo(2);

        kafka.send(id.value(), bytes(clause), shortLived);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.resultsFor(commandId).size() == 4);
        assertThat(kafka.resultsFor(commandId).get(3).code())
                .as("without the service's vouch, the expired token decides")
                .isEqualTo(RejectionCode.UNAUTHENTICATED);
    }

    /**
     * Anyone who may write to the commands topic can try to pass a record off as vouched for. Each
     * generated record carries an expired token and a vouch the service did not seal for it (other
     * bytes, another key, a changed vouch or seal, a header missing or doubled, another service's key,
     * an age past the maximum): each is refused UNAUTHENTICATED and never processed, and the signed
     * draft behind it on its key is accepted. About one in five carries the service's own vouch for its
     * exact bytes, unchanged, and is accepted: the refusals are the vouch's doing.
     */
    @Test
    void generatedVouchesTheServiceDidNotSealForTheRecordAreNotTakenAndTheCommandBehindThemGoesThrough() {
        Instant now = clock.instant();
        String expired = expiredAnHourAgo(now);
        Arbitrary<HostileVouches.Change> sealedForOther = Arbitraries.oneOf(
                Arbitraries.strings()
                        .ofMaxLength(30)
                        .map(key -> new HostileVouches.Change("sealed for the key " + key, r -> {
                            vouches.seal(r.headers(), key, r.value(), new SenderVouches.Vouch(now, null));
                            return r;
                        })),
                Arbitraries.just(new HostileVouches.Change("sealed for another command's bytes", r -> {
                    vouches.seal(
                            r.headers(),
                            r.key(),
                            bytes(envelope(Party.CLIENT, draft(r.key()))),
                            new SenderVouches.Vouch(now, null));
                    return r;
                })));
        Arbitrary<Optional<HostileVouches.Change>> changes = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Optional.empty())),
                Tuple.of(
                        4,
                        Arbitraries.oneOf(
                                        HostileVouches.headerChanges(vouches, clock, properties.vouchMaxAge()),
                                        sealedForOther)
                                .map(Optional::of)));
        List<Optional<HostileVouches.Change>> samples =
                changes.sampleStream().limit(50).toList();
        List<String[]> sent = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            String key = "DLR-VOUCH-GEN-" + i;
            ObjectNode vouched = envelope(Party.CLIENT, draft(key));
            ObjectNode behind = envelope(Party.CLIENT, draft(key));
            ConsumerRecord<String, byte[]> record =
                    new ConsumerRecord<>("contract.commands", 0, 0, key, bytes(vouched));
            record.headers().add(RecordSenders.HEADER, ("Bearer " + expired).getBytes(StandardCharsets.UTF_8));
            vouches.seal(record.headers(), key, record.value(), new SenderVouches.Vouch(now, null));
            List<String> before = HostileVouches.shown(record);
            ConsumerRecord<String, byte[]> changed =
                    samples.get(i).map(change -> change.apply().apply(record)).orElse(record);
            boolean untouched = HostileVouches.shown(changed).equals(before);
            kafka.sendAsync(changed);
            kafka.sendAsync(key, bytes(behind));
            sent.add(new String[] {
                vouched.get("commandId").asString(),
                behind.get("commandId").asString(),
                samples.get(i).map(HostileVouches.Change::what).orElse("the service's own vouch"),
                String.valueOf(untouched)
            });
        }
        kafka.flush();

        int accepted = 0;
        for (int i = 0; i < sent.size(); i++) {
            String[] one = sent.get(i);
            CommandResult answer = kafka.awaitResult(one[0]);
            CommandResult behind = kafka.awaitResult(one[1]);
            if (Boolean.parseBoolean(one[3])) {
                accepted++;
                assertThat(answer.status())
                        .as(one[2] + ": " + answer.message())
                        .isEqualTo(CommandResult.Status.ACCEPTED);
                assertThat(behind.status())
                        .as("a second draft of the contract")
                        .isEqualTo(CommandResult.Status.REJECTED);
            } else {
                assertThat(answer.code()).as(one[2]).isEqualTo(RejectionCode.UNAUTHENTICATED);
                assertThat(answer.message()).as(one[2]).contains("was not taken");
                assertThat(behind.status())
                        .as(one[2] + ", the draft behind it")
                        .isEqualTo(CommandResult.Status.ACCEPTED);
            }
            assertThat(kafka.resultsFor(one[0])).hasSize(1);
            assertThat(eventCount(ContractId.of("DLR-VOUCH-GEN-" + i))).isEqualTo(1);
        }
        assertThat(accepted)
                .as("the generator sends the service's own vouch too")
                .isPositive();
        assertThat(sent.size() - accepted).as("and vouches it did not seal").isPositive();
    }

    /**
     * The key that verifies a vouch lives in the database. A vouched record that arrives while the
     * database does not answer is retried as any transient failure, then taken on its vouch: not
     * refused for its expired token, and the command behind it on its key goes through.
     */
    @Test
    void aVouchMetWhileTheServicesKeyIsOutOfReachIsRetriedThenTaken() {
        String key = "DLR-VOUCH-KEYS-1";
        Instant now = clock.instant();
        String expired = expiredAnHourAgo(now);
        ObjectNode vouched = envelope(Party.CLIENT, draft(key));
        ObjectNode behind = envelope(
                Party.CLIENT, new DraftClause(ContractId.of(key), ClauseId.of("a"), "A", "text", null, null, null));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("contract.commands", 0, 0, key, bytes(vouched));
        record.headers().add(RecordSenders.HEADER, ("Bearer " + expired).getBytes(StandardCharsets.UTF_8));
        vouches.seal(record.headers(), key, record.value(), new SenderVouches.Vouch(now, null));

        keys.failNext(2);
        kafka.sendAsync(record);
        kafka.sendAsync(key, bytes(behind));
        kafka.flush();

        String commandId = vouched.get("commandId").asString();
        CommandResult answer = kafka.awaitResult(commandId);
        assertThat(answer.status()).as(answer.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(kafka.awaitResult(behind.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(keys.failuresLeft()).as("the intake met the outage").isZero();
        assertThat(kafka.resultsFor(commandId)).hasSize(1);
        assertThat(kafka.deadLetters()).noneMatch(r -> Arrays.equals(r.value(), record.value()));
    }

    /** A dead letter waits for its fix however long that takes: Kafka's default retention would delete it after 7 days. */
    @Test
    void theDeadLetterTopicKeepsItsRecordsForeverAndTakesAnyRecordTheCommandsTopicTakes() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "contract.commands.dlt");
            ConfigResource commands = new ConfigResource(ConfigResource.Type.TOPIC, "contract.commands");
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(topic, commands)).all().get();
            assertThat(configs.get(topic).get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo("-1");
            int commandsLimit = Integer.parseInt(configs.get(commands)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                    .value());
            assertThat(Integer.parseInt(configs.get(topic)
                            .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                            .value()))
                    .as("room for a record of the commands topic's limit and the headers a dead letter adds")
                    .isGreaterThanOrEqualTo(commandsLimit + TopicPlan.DEAD_LETTER_HEADROOM);
        }
    }

    @Test
    void deadLettersThatCannotGoBackAreMovedPastWithWhyAndTheOnesBehindThemAreReDriven() {
        // A stand-in for a record the topic refused whole (ADR 0031): no bytes to send back.
        String where = "contract.commands-0@12345";
        String notKept = "the dead-letter topic refused the record's 400000 bytes; it stays at " + where;
        kafka.sendTo(
                "contract.commands.dlt",
                "DLR-STANDIN",
                new byte[0],
                Map.of(DeadLetters.REASON_HEADER, "TOO_LARGE", DeadLetters.NOT_KEPT_HEADER, notKept));
        // A record the dead-letter topic took, too large for contract.commands once a re-drive adds
        // where it waited: at the commands topic's limit, as the largest a sender's producer may send.
        kafka.sendTo(
                "contract.commands.dlt",
                "DLR-HUGE",
                "x".repeat(TopicPlan.COMMANDS_MAX_MESSAGE_BYTES - 90).getBytes(StandardCharsets.UTF_8),
                Map.of(DeadLetters.REASON_HEADER, "TOO_LARGE"));
        // And behind them, a command that can be re-driven.
        ObjectNode draft = envelope(Party.CLIENT, draft("DLR-BEHIND"));
        kafka.sendTo(
                "contract.commands.dlt",
                "DLR-BEHIND",
                bytes(draft),
                Map.of(
                        DeadLetters.REASON_HEADER,
                        "RETRIES_EXHAUSTED",
                        RecordSenders.HEADER,
                        "Bearer " + KafkaTestClient.TOKEN));
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingByKey("DLR-BEHIND") != null);
        JsonNode standIn = pendingByKey("DLR-STANDIN");
        assertThat(standIn.get("notKept").asString()).isEqualTo(notKept);
        assertThat(standIn.get("bytes").asInt()).isZero();

        JsonNode redriven = call("POST", "/api/admin/dead-letters/redrive?limit=500");

        Map<String, String> notSentBack = new java.util.HashMap<>();
        redriven.get("notSentBack")
                .forEach(entry -> notSentBack.put(
                        entry.path("deadLetter").path("key").asString(),
                        entry.path("why").asString()));
        assertThat(notSentBack).containsEntry("DLR-STANDIN", notKept);
        assertThat(notSentBack.get("DLR-HUGE")).contains("contract.commands refused it as too large");
        assertThat(StreamSupport.stream(redriven.get("deadLetters").spliterator(), false)
                        .map(entry -> entry.path("key").asString(null)))
                .contains("DLR-BEHIND")
                .doesNotContain("DLR-STANDIN", "DLR-HUGE");
        assertThat(redriven.get("redriven").asInt())
                .isEqualTo(redriven.get("deadLetters").size());
        assertThat(kafka.awaitResult(draft.get("commandId").asString()).status())
                .as("the command behind them took effect")
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(pendingByKey("DLR-STANDIN"))
                .as("moved past: nothing to wait for")
                .isNull();
        assertThat(pendingByKey("DLR-HUGE")).isNull();
        assertThat(kafka.redriven()).noneMatch(r -> "DLR-STANDIN".equals(r.key()) || "DLR-HUGE".equals(r.key()));
    }

    private JsonNode pendingByKey(String key) {
        return pendingWhere("key", key);
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
        return pendingWhere("commandId", commandId);
    }

    /** The first pending dead letter whose {@code field} in the listing is {@code value}, or null. */
    private JsonNode pendingWhere(String field, String value) {
        JsonNode pending = call("GET", "/api/admin/dead-letters?limit=500");
        return StreamSupport.stream(pending.spliterator(), false)
                .filter(entry -> value.equals(entry.path(field).asString(null)))
                .findFirst()
                .orElse(null);
    }

    /** An INTEGRATION token that expired an hour before {@code now}, long past the decoders' clock skew. */
    private static String expiredAnHourAgo(Instant now) {
        return Tokens.mint(
                TestTokens.SECRET,
                "gone",
                List.of("INTEGRATION"),
                null,
                now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofHours(1)));
    }

    private static ConsumerRecord<String, byte[]> redrivenRecord(String commandId) {
        return kafka.redriven().stream()
                .filter(record -> record.value() != null
                        && new String(record.value(), StandardCharsets.UTF_8).contains(commandId))
                .findFirst()
                .orElse(null);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
                .defaultHeader(
                        "Authorization",
                        "Bearer "
                                + Tokens.mint(
                                        TestTokens.SECRET, OPERATOR, List.of("ADMIN"), null, Duration.ofMinutes(30)))
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }
}
