package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static com.slaledger.intake.Envelopes.grownTo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.KafkaServer;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.TestTokens;
import com.slaledger.topics.OwnedTopics;
import com.slaledger.topics.TopicConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The running service's own topics, left as an older version or an operator may have made them, put
 * right at the next start (ADR 0037), and what those settings guard working again through the broker.
 */
@ContractServiceTest
class TopicSettingsTest {

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    private static final ConfigResource EVENTS = new ConfigResource(ConfigResource.Type.TOPIC, "contract.events");
    private static final ConfigResource DEAD_LETTERS =
            new ConfigResource(ConfigResource.Type.TOPIC, "contract.commands.dlt");

    @LocalServerPort
    int port;

    @Autowired
    OwnedTopics topics;

    /**
     * Events kept for Kafka's default week and compacted, dead letters kept for a day at a limit of 300,000 bytes:
     * before the start, a 400,000-byte command got a dead letter without its bytes (HostileInputTest),
     * and events older than a week would have been gone from the next rebuild. After it, health names
     * what was set, the command is dead-lettered whole, and the next command's event is published.
     */
    @Test
    void settingsAnOlderTopicLacksAreSetAtTheNextStartAndWhatTheyGuardWorksAgain() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()))) {
            set(
                    admin,
                    EVENTS,
                    Map.of(
                            TopicConfig.RETENTION_MS_CONFIG, "604800000",
                            TopicConfig.RETENTION_BYTES_CONFIG, "1073741824",
                            TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
            set(
                    admin,
                    DEAD_LETTERS,
                    Map.of(
                            TopicConfig.RETENTION_MS_CONFIG,
                            "86400000",
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            "300000"));
            try {
                OwnedTopics.Outcome outcome = topics.prepare();

                assertThat(outcome.changed())
                        .containsExactlyInAnyOrder(
                                "contract.events retention.ms 604800000 -> -1",
                                "contract.events retention.bytes 1073741824 -> -1",
                                "contract.events cleanup.policy compact -> delete",
                                "contract.commands.dlt retention.ms 86400000 -> -1",
                                "contract.commands.dlt max.message.bytes 300000 -> " + (1_048_588 + 65_536));
                assertThat(outcome.failed()).isEmpty();
                JsonNode health = health().at("/components/kafkaTopics");
                assertThat(health.at("/status").asString()).isEqualTo("UP");
                assertThat(health.at("/details/changed").toString())
                        .contains("contract.events retention.ms 604800000 -> -1");
                Map<ConfigResource, Config> now = admin.describeConfigs(List.of(EVENTS, DEAD_LETTERS))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                assertThat(now.get(EVENTS)
                                .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                .value())
                        .isEqualTo("delete");
                assertThat(now.get(DEAD_LETTERS)
                                .get(TopicConfig.RETENTION_MS_CONFIG)
                                .value())
                        .isEqualTo("-1");

                String key = "TOPICS-1";
                ObjectNode huge = envelope(Party.CLIENT, draft(key));
                ObjectNode good = envelope(Party.CLIENT, draft(key));
                kafka.send(key, grownTo(huge, 400_000));
                kafka.send(key, bytes(good));

                assertThat(kafka.awaitResult(huge.get("commandId").asString()).code())
                        .isEqualTo(RejectionCode.TOO_LARGE);
                assertThat(kafka.awaitResult(good.get("commandId").asString()).status())
                        .isEqualTo(CommandResult.Status.ACCEPTED);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> kafka.deadLetters().stream().anyMatch(r -> key.equals(r.key())));
                ConsumerRecord<String, byte[]> deadLetter = kafka.deadLetters().stream()
                        .filter(r -> key.equals(r.key()))
                        .findFirst()
                        .orElseThrow();
                assertThat(deadLetter.value()).as("kept whole, not a stand-in").hasSize(400_000);
                assertThat(deadLetter.headers().lastHeader(DeadLetters.NOT_KEPT_HEADER))
                        .isNull();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> KafkaTestClient.readAll("contract.events").stream()
                                .anyMatch(r -> key.equals(new String(r.key(), UTF_8))));

                assertThat(topics.prepare().changed())
                        .as("the start after changes nothing")
                        .isEmpty();
            } finally {
                // Whatever failed above, the topics are right again for the test classes after this one.
                topics.prepare();
            }
        }
    }

    private static void set(Admin admin, ConfigResource topic, Map<String, String> settings) throws Exception {
        TopicConfigs.setAndAwait(admin, topic.name(), settings);
    }

    private JsonNode health() {
        return SlaJson.mapper()
                .readTree(RawHttp.send(
                                "http://localhost:" + port + "/actuator/health",
                                "GET",
                                TestTokens.all(),
                                new byte[0],
                                false)
                        .body());
    }
}
