package com.slaledger.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.intake.IntakeProperties;
import com.slaledger.intake.TestIntakeProperties;
import com.slaledger.publishing.PublishingProperties;
import com.slaledger.testsupport.KafkaServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The service's topics against a real broker, where they were made beforehand in generated states,
 * as an older version, an operator or a broker's changed defaults may have left them: retention by
 * time or size, compaction, limits below or above what a dead letter needs, other partition counts,
 * unrelated settings, or no topic at all (ADR 0037).
 */
class OwnedTopicsTest {

    private static final int COMMAND_PARTITIONS = 4;
    private static final int EVENT_PARTITIONS = 3;
    private static final AtomicInteger runs = new AtomicInteger();
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    enum Role {
        COMMANDS,
        RESULTS,
        DEAD_LETTERS,
        EVENTS
    }

    /** A topic as it was before the service started: its partitions and the settings written on it. */
    record Before(int partitions, Map<String, String> settings) {}

    @BeforeContainer
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()));
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaServer.bootstrapServers(),
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        16 * 1024 * 1024),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterContainer
    static void close() {
        producer.close(Duration.ofSeconds(10));
        admin.close();
    }

    @Property(tries = 25)
    void whateverStateTheTopicsWereInTheyKeepTheirPartitionsAndGetWhatTheGuaranteesNeed(
            @ForAll("topicsBefore") Map<Role, Optional<Before>> before) throws Exception {
        String prefix = "owned-" + runs.incrementAndGet() + ".";
        for (Role role : Role.values()) {
            Optional<Before> topic = before.get(role);
            if (topic.isPresent()) {
                admin.createTopics(List.of(
                                new NewTopic(name(prefix, role), topic.get().partitions(), (short) 1)
                                        .configs(topic.get().settings())))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
        OwnedTopics topics = topics(prefix);

        OwnedTopics.Outcome outcome = topics.prepare();

        Map<Role, Config> after = settings(prefix);
        assertThat(outcome.failed()).isEmpty();
        assertThat(topics.health().getStatus()).isEqualTo(Status.UP);
        int commandsLimit = limit(after.get(Role.COMMANDS));
        for (Role role : Role.values()) {
            int partitions = admin.describeTopics(List.of(name(prefix, role)))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(name(prefix, role))
                    .partitions()
                    .size();
            assertThat(partitions)
                    .as(role + ": the partitions it had, or the setting's when created")
                    .isEqualTo(before.get(role).map(Before::partitions).orElse(wanted(role)));
            Optional<Before> was = before.get(role);
            String unrelated = was.map(b -> b.settings().get(TopicConfig.SEGMENT_MS_CONFIG))
                    .orElse(null);
            if (unrelated != null) {
                assertThat(after.get(role).get(TopicConfig.SEGMENT_MS_CONFIG).value())
                        .as(role + ": a setting no guarantee needs is left as it was")
                        .isEqualTo(unrelated);
            }
        }
        for (Role keptForever : List.of(Role.DEAD_LETTERS, Role.EVENTS)) {
            Config config = after.get(keptForever);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .as(keptForever + " retention.ms")
                    .isEqualTo("-1");
            assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value())
                    .as(keptForever + " retention.bytes")
                    .isEqualTo("-1");
        }
        for (Role neverCompacted : List.of(Role.COMMANDS, Role.DEAD_LETTERS, Role.EVENTS)) {
            assertThat(after.get(neverCompacted)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .as(neverCompacted + " cleanup.policy")
                    .isEqualTo("delete");
        }
        assertThat(commandsLimit)
                .as("the commands topic's limit is the operator's where it existed")
                .isEqualTo(before.get(Role.COMMANDS)
                        .map(b -> b.settings().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
                        .map(Integer::parseInt)
                        // Where it was not written: the broker's default, which the service writes too.
                        .orElse(TopicPlan.COMMANDS_MAX_MESSAGE_BYTES));
        int deadLetterLimit = limit(after.get(Role.DEAD_LETTERS));
        int needed = commandsLimit + TopicPlan.DEAD_LETTER_HEADROOM;
        assertThat(deadLetterLimit).isGreaterThanOrEqualTo(needed);
        before.get(Role.DEAD_LETTERS)
                .map(b -> b.settings().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
                .map(Integer::parseInt)
                .filter(raised -> raised >= needed)
                .ifPresent(raised -> assertThat(deadLetterLimit)
                        .as("a limit raised above the need is not lowered")
                        .isEqualTo(raised));
        assertThat(outcome.kept())
                .as("every partition count kept against its setting is named")
                .hasSize((int) before.entrySet().stream()
                        .filter(e -> e.getKey() != Role.DEAD_LETTERS)
                        .filter(e ->
                                e.getValue().isPresent() && e.getValue().get().partitions() != wanted(e.getKey()))
                        .count());

        // The next good thing: a dead letter of the largest record the commands topic takes, with
        // the largest message and the other headers a dead letter adds, is taken whole.
        ProducerRecord<byte[], byte[]> deadLetter =
                new ProducerRecord<>(name(prefix, Role.DEAD_LETTERS), "C-1".getBytes(), new byte[commandsLimit - 200]);
        deadLetter.headers().add("sla-dlt-message", new byte[8 * 1024]);
        deadLetter.headers().add("sla-dlt-reason", "TOO_LARGE".getBytes());
        deadLetter
                .headers()
                .add("kafka_dlt-original-topic", name(prefix, Role.COMMANDS).getBytes());
        assertThat(producer.send(deadLetter).get(30, TimeUnit.SECONDS).offset()).isNotNegative();

        OwnedTopics.Outcome again = topics(prefix).prepare();
        assertThat(again.created()).as("a second start creates nothing").isEmpty();
        assertThat(again.changed()).as("a second start changes nothing").isEmpty();
    }

    /** No broker at the address: the start stops naming what it could not do; with the broker there, it goes on. */
    @Example
    void aBrokerThatDoesNotAnswerStopsTheStartAndTheNextStartWithItCreatesTheTopics() throws Exception {
        String prefix = "owned-" + runs.incrementAndGet() + ".";
        OwnedTopics nobody = topics(
                prefix,
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000));

        assertThatThrownBy(nobody::prepare)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not describe " + name(prefix, Role.COMMANDS));

        assertThat(topics(prefix).prepare().created()).hasSize(Role.values().length);
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                .contains(name(prefix, Role.COMMANDS), name(prefix, Role.EVENTS));
    }

    @Provide
    Arbitrary<Map<Role, Optional<Before>>> topicsBefore() {
        Arbitrary<Optional<Before>> topic = Combinators.combine(
                        Arbitraries.integers().between(1, 6), settings())
                .as(Before::new)
                .optional(0.8);
        return Combinators.combine(topic, topic, topic, topic).as((commands, results, deadLetters, events) -> {
            Map<Role, Optional<Before>> all = new LinkedHashMap<>();
            all.put(Role.COMMANDS, commands);
            all.put(Role.RESULTS, results);
            all.put(Role.DEAD_LETTERS, deadLetters);
            all.put(Role.EVENTS, events);
            return all;
        });
    }

    /** Settings written on a topic by hand or by an older version; absent ones are the broker's defaults. */
    private static Arbitrary<Map<String, String>> settings() {
        Arbitrary<Optional<String>> retentionMs = Arbitraries.oneOf(
                        Arbitraries.just("-1"),
                        Arbitraries.longs()
                                .between(60_000, 30L * 24 * 3600 * 1000)
                                .map(String::valueOf))
                .optional(0.7);
        Arbitrary<Optional<String>> retentionBytes = Arbitraries.oneOf(
                        Arbitraries.just("-1"),
                        Arbitraries.longs().between(1 << 20, 1L << 32).map(String::valueOf))
                .optional(0.5);
        Arbitrary<Optional<String>> cleanup =
                Arbitraries.of("delete", "compact", "compact,delete").optional(0.6);
        int deadLetterNeed = TopicPlan.COMMANDS_MAX_MESSAGE_BYTES + TopicPlan.DEAD_LETTER_HEADROOM;
        Arbitrary<Optional<String>> limit = Arbitraries.oneOf(
                        Arbitraries.integers().between(1024, 4 * 1024 * 1024),
                        Arbitraries.of(deadLetterNeed - 1, deadLetterNeed, deadLetterNeed + 1))
                .map(String::valueOf)
                .optional(0.7);
        Arbitrary<Optional<String>> segmentMs = Arbitraries.longs()
                .between(3_600_000, 7L * 24 * 3600 * 1000)
                .map(String::valueOf)
                .optional(0.3);
        return Combinators.combine(retentionMs, retentionBytes, cleanup, limit, segmentMs)
                .as((ms, bytes, policy, max, segment) -> {
                    Map<String, String> settings = new HashMap<>();
                    ms.ifPresent(v -> settings.put(TopicConfig.RETENTION_MS_CONFIG, v));
                    bytes.ifPresent(v -> settings.put(TopicConfig.RETENTION_BYTES_CONFIG, v));
                    policy.ifPresent(v -> settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, v));
                    max.ifPresent(v -> settings.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, v));
                    segment.ifPresent(v -> settings.put(TopicConfig.SEGMENT_MS_CONFIG, v));
                    return Map.copyOf(settings);
                });
    }

    private static OwnedTopics topics(String prefix) {
        return topics(prefix, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()));
    }

    private static OwnedTopics topics(String prefix, Map<String, Object> adminSettings) {
        IntakeProperties intake = TestIntakeProperties.withTopics(
                name(prefix, Role.COMMANDS),
                name(prefix, Role.RESULTS),
                name(prefix, Role.DEAD_LETTERS),
                COMMAND_PARTITIONS);
        PublishingProperties publishing = new PublishingProperties(name(prefix, Role.EVENTS), EVENT_PARTITIONS);
        return new OwnedTopics(new KafkaAdmin(adminSettings), intake, publishing);
    }

    private static Map<Role, Config> settings(String prefix) throws Exception {
        Map<ConfigResource, Config> read = admin.describeConfigs(List.of(Role.values()).stream()
                        .map(role -> new ConfigResource(ConfigResource.Type.TOPIC, name(prefix, role)))
                        .toList())
                .all()
                .get(30, TimeUnit.SECONDS);
        Map<Role, Config> byRole = new HashMap<>();
        for (Role role : Role.values()) {
            byRole.put(role, read.get(new ConfigResource(ConfigResource.Type.TOPIC, name(prefix, role))));
        }
        return byRole;
    }

    private static int wanted(Role role) {
        return switch (role) {
            case COMMANDS, RESULTS -> COMMAND_PARTITIONS;
            case DEAD_LETTERS -> 1;
            case EVENTS -> EVENT_PARTITIONS;
        };
    }

    private static int limit(Config config) {
        return Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }

    private static String name(String prefix, Role role) {
        return prefix + role.name().toLowerCase().replace('_', '-');
    }
}
