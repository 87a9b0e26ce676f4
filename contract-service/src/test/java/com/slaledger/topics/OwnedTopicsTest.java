package com.slaledger.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.slaledger.intake.IntakeProperties;
import com.slaledger.intake.TestIntakeProperties;
import com.slaledger.publishing.PublishingProperties;
import com.slaledger.testsupport.KafkaServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
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
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
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

        Map<Role, Config> after = settled(prefix);
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
        assertThat(after.get(Role.COMMANDS)
                        .get(TopicConfig.COMPRESSION_TYPE_CONFIG)
                        .value())
                .as("commands stored as they are read, whatever codec a sender used")
                .isEqualTo("uncompressed");
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

    /** A needed setting changed by hand while the service runs: the topic, the setting, and the value given. */
    record Break(Role role, String setting, String value) {}

    /**
     * Needed settings changed by hand while the service runs are set back by the next check, not
     * left until the next start: each is counted and listed in health, and a dead letter of the
     * commands topic's largest record is taken whole again.
     */
    @Property(tries = 6)
    void neededSettingsChangedWhileRunningAreSetBackByTheNextCheck(@ForAll("breaks") List<Break> breaks)
            throws Exception {
        String prefix = "owned-" + runs.incrementAndGet() + ".";
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        OwnedTopics topics = checked(prefix, new AtomicReference<>(brokerSettings()), metrics);
        topics.afterSingletonsInstantiated();
        try {
            Map<Role, Map<String, String>> broken = new EnumMap<>(Role.class);
            breaks.forEach(b ->
                    broken.computeIfAbsent(b.role(), role -> new HashMap<>()).put(b.setting(), b.value()));
            for (Map.Entry<Role, Map<String, String>> topic : broken.entrySet()) {
                alter(name(prefix, topic.getKey()), topic.getValue());
            }

            // Set back and counted: the count shows a check set it, not a read from before the change
            // had reached the broker (which applies a setting after the controller has taken it).
            await("the needed settings set back").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<Role, Config> after = settings(prefix);
                broken.forEach((role, settings) -> settings.keySet().forEach(setting -> {
                    assertThat(metrics.counter("sla.topics.changed", "topic", name(prefix, role), "setting", setting)
                                    .count())
                            .as("counted: " + role + " " + setting)
                            .isGreaterThanOrEqualTo(1.0);
                    assertThat(after.get(role).get(setting).value())
                            .as(role + " " + setting)
                            .isEqualTo(needed(setting));
                }));
            });
            assertThat(topics.health().getStatus()).isEqualTo(Status.UP);
            assertThat(topics.health().getDetails().get("changed").toString())
                    .contains(name(prefix, breaks.get(0).role()) + " "
                            + breaks.get(0).setting() + " ");

            ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(
                    name(prefix, Role.DEAD_LETTERS),
                    "C-1".getBytes(),
                    new byte[TopicPlan.COMMANDS_MAX_MESSAGE_BYTES - 200]);
            deadLetter.headers().add("sla-dlt-message", new byte[8 * 1024]);
            assertThat(producer.send(deadLetter).get(30, TimeUnit.SECONDS).offset())
                    .isNotNegative();
        } finally {
            topics.destroy();
        }
    }

    /**
     * A check that cannot reach the broker leaves health as it was, says so, and does not stop the
     * checks: the next one that reaches it sets back what was changed meanwhile.
     */
    @Example
    void aCheckThatCannotReachTheBrokerIsTriedAgainAndTheNextSetsTheSettingBack() throws Exception {
        String prefix = "owned-" + runs.incrementAndGet() + ".";
        AtomicReference<Map<String, Object>> adminSettings = new AtomicReference<>(brokerSettings());
        OwnedTopics topics = checked(prefix, adminSettings, new SimpleMeterRegistry());
        topics.afterSingletonsInstantiated();
        try {
            adminSettings.set(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000));
            alter(name(prefix, Role.EVENTS), Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000"));

            await("a failed check shown")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> topics.health().getDetails().containsKey("lastCheckFailed"));
            assertThat(topics.health().getStatus()).isEqualTo(Status.UP);
            assertThat(topics.health().getDetails().get("lastCheckFailed").toString())
                    .contains("TimeoutException");
            assertThat(settings(prefix)
                            .get(Role.EVENTS)
                            .get(TopicConfig.RETENTION_MS_CONFIG)
                            .value())
                    .isEqualTo("604800000");

            adminSettings.set(brokerSettings());
            await("the next check that reaches the broker")
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(settings(prefix)
                                    .get(Role.EVENTS)
                                    .get(TopicConfig.RETENTION_MS_CONFIG)
                                    .value())
                            .isEqualTo("-1"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !topics.health().getDetails().containsKey("lastCheckFailed"));
        } finally {
            topics.destroy();
        }
    }

    /**
     * A topic the broker still does not know after the start's catch-up reads (a KRaft broker a step
     * behind its controller): the start names it as failed and health is down, the checks meanwhile
     * do not make it again, and the first check after the broker knows it finds it with its settings
     * and health up, without a restart.
     */
    @Example
    void aTopicTheBrokerDoesNotKnowLongAfterMakingItIsFailedUntilACheckFindsIt() throws Exception {
        String prefix = "owned-" + runs.incrementAndGet() + ".";
        String events = name(prefix, Role.EVENTS);
        java.util.concurrent.atomic.AtomicBoolean behind = new java.util.concurrent.atomic.AtomicBoolean(true);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        OwnedTopics topics = owned(
                prefix,
                new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers())),
                metrics,
                CHECK_EVERY,
                settings -> new Lagging(settings, events, behind));
        topics.afterSingletonsInstantiated();
        try {
            assertThat(topics.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(topics.health().getDetails().get("failed").toString())
                    .contains(events + ": made, but the broker did not know it within 2000 ms");
            assertThat(admin.describeTopics(List.of(events))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(events)
                            .partitions())
                    .as("made once, at the start")
                    .hasSize(EVENT_PARTITIONS);

            behind.set(false);
            await("health up once the broker knows the topic")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> topics.health().getStatus().equals(Status.UP));
            assertThat(metrics.counter("sla.topics.created", "topic", events).count())
                    .as("never made again")
                    .isZero();
            Config settings = settled(prefix).get(Role.EVENTS);
            assertThat(settings.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(settings.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
        } finally {
            topics.destroy();
        }
    }

    /** A topic deleted while the service runs is made again by the next check, as a start would, with its settings. */
    @Example
    void aTopicDeletedWhileRunningIsMadeAgainWithItsSettingsByTheNextCheck() throws Exception {
        String prefix = "owned-" + runs.incrementAndGet() + ".";
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        OwnedTopics topics = checked(prefix, new AtomicReference<>(brokerSettings()), metrics);
        topics.afterSingletonsInstantiated();
        assertThat(metrics.counter("sla.topics.created", "topic", name(prefix, Role.EVENTS))
                        .count())
                .as("made at the start: not counted")
                .isZero();
        try {
            admin.deleteTopics(List.of(name(prefix, Role.EVENTS))).all().get(30, TimeUnit.SECONDS);

            await("made again")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptionsInstanceOf(ExecutionException.class) // not there yet
                    .untilAsserted(() -> {
                        Config events = settings(prefix).get(Role.EVENTS);
                        assertThat(events.get(TopicConfig.RETENTION_MS_CONFIG).value())
                                .isEqualTo("-1");
                        assertThat(events.get(TopicConfig.RETENTION_BYTES_CONFIG)
                                        .value())
                                .isEqualTo("-1");
                        assertThat(events.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                                .isEqualTo("delete");
                    });
            assertThat(admin.describeTopics(List.of(name(prefix, Role.EVENTS)))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(name(prefix, Role.EVENTS))
                            .partitions())
                    .hasSize(EVENT_PARTITIONS);
            assertThat(producer.send(new ProducerRecord<>(name(prefix, Role.EVENTS), "C-1".getBytes(), new byte[10]))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
            assertThat(metrics.counter("sla.topics.created", "topic", name(prefix, Role.EVENTS))
                            .count())
                    .as("made again while running: counted")
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(topics.health().getDetails().get("changed").toString())
                    .contains(name(prefix, Role.EVENTS) + " made again: it was missing");
        } finally {
            topics.destroy();
        }
    }

    @Provide
    Arbitrary<List<Break>> breaks() {
        int deadLetterNeed = TopicPlan.COMMANDS_MAX_MESSAGE_BYTES + TopicPlan.DEAD_LETTER_HEADROOM;
        Arbitrary<String> retentionMs =
                Arbitraries.longs().between(60_000, 30L * 24 * 3600 * 1000).map(String::valueOf);
        Arbitrary<String> retentionBytes =
                Arbitraries.longs().between(1 << 20, 1L << 32).map(String::valueOf);
        Arbitrary<String> compacted = Arbitraries.of("compact", "compact,delete");
        Arbitrary<Break> keptForever = Combinators.combine(
                        Arbitraries.of(Role.DEAD_LETTERS, Role.EVENTS),
                        Arbitraries.oneOf(
                                retentionMs.map(v -> Map.entry(TopicConfig.RETENTION_MS_CONFIG, v)),
                                retentionBytes.map(v -> Map.entry(TopicConfig.RETENTION_BYTES_CONFIG, v))))
                .as((role, setting) -> new Break(role, setting.getKey(), setting.getValue()));
        Arbitrary<Break> compaction = Combinators.combine(
                        Arbitraries.of(Role.COMMANDS, Role.DEAD_LETTERS, Role.EVENTS), compacted)
                .as((role, policy) -> new Break(role, TopicConfig.CLEANUP_POLICY_CONFIG, policy));
        Arbitrary<Break> compressed = Arbitraries.of("producer", "gzip", "snappy", "lz4", "zstd")
                .map(codec -> new Break(Role.COMMANDS, TopicConfig.COMPRESSION_TYPE_CONFIG, codec));
        Arbitrary<Break> smallDeadLetters = Arbitraries.integers()
                .between(1024, deadLetterNeed - 1)
                .map(limit ->
                        new Break(Role.DEAD_LETTERS, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(limit)));
        return Arbitraries.oneOf(keptForever, compaction, compressed, smallDeadLetters)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .uniqueElements(b -> b.role() + " " + b.setting());
    }

    private static String needed(String setting) {
        return switch (setting) {
            case TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG -> "-1";
            case TopicConfig.CLEANUP_POLICY_CONFIG -> "delete";
            case TopicConfig.COMPRESSION_TYPE_CONFIG -> "uncompressed";
            case TopicConfig.MAX_MESSAGE_BYTES_CONFIG ->
                String.valueOf(TopicPlan.COMMANDS_MAX_MESSAGE_BYTES + TopicPlan.DEAD_LETTER_HEADROOM);
            default -> throw new IllegalArgumentException(setting);
        };
    }

    private static Map<String, Object> brokerSettings() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers());
    }

    /** Set without waiting for the broker to apply it: the check may set it back first. */
    private static void alter(String topic, Map<String, String> settings) throws Exception {
        TopicConfigs.set(admin, topic, settings);
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
        Arbitrary<Optional<String>> compression = Arbitraries.of(
                        "producer", "uncompressed", "gzip", "snappy", "lz4", "zstd")
                .optional(0.5);
        return Combinators.combine(retentionMs, retentionBytes, cleanup, limit, segmentMs, compression)
                .as((ms, bytes, policy, max, segment, codec) -> {
                    Map<String, String> settings = new HashMap<>();
                    ms.ifPresent(v -> settings.put(TopicConfig.RETENTION_MS_CONFIG, v));
                    bytes.ifPresent(v -> settings.put(TopicConfig.RETENTION_BYTES_CONFIG, v));
                    policy.ifPresent(v -> settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, v));
                    max.ifPresent(v -> settings.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, v));
                    segment.ifPresent(v -> settings.put(TopicConfig.SEGMENT_MS_CONFIG, v));
                    codec.ifPresent(v -> settings.put(TopicConfig.COMPRESSION_TYPE_CONFIG, v));
                    return Map.copyOf(settings);
                });
    }

    private static OwnedTopics topics(String prefix) {
        return topics(prefix, Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()));
    }

    private static OwnedTopics topics(String prefix, Map<String, Object> adminSettings) {
        return owned(prefix, new KafkaAdmin(adminSettings), new SimpleMeterRegistry(), Duration.ofMinutes(5));
    }

    /** Topics checked every {@link #CHECK_EVERY} once started, through whatever admin settings {@code adminSettings} holds then. */
    private static OwnedTopics checked(
            String prefix, AtomicReference<Map<String, Object>> adminSettings, MeterRegistry metrics) {
        KafkaAdmin kafkaAdmin = new KafkaAdmin(adminSettings.get()) {
            @Override
            public Map<String, Object> getConfigurationProperties() {
                return adminSettings.get();
            }
        };
        return owned(prefix, kafkaAdmin, metrics, CHECK_EVERY);
    }

    private static OwnedTopics owned(String prefix, KafkaAdmin kafkaAdmin, MeterRegistry metrics, Duration checkEvery) {
        return owned(prefix, kafkaAdmin, metrics, checkEvery, Admin::create);
    }

    /** Topics whose plan reads and writes through the clients {@code admins} makes. */
    private static OwnedTopics owned(
            String prefix,
            KafkaAdmin kafkaAdmin,
            MeterRegistry metrics,
            Duration checkEvery,
            java.util.function.Function<Map<String, Object>, Admin> admins) {
        IntakeProperties intake = TestIntakeProperties.withTopics(
                name(prefix, Role.COMMANDS),
                name(prefix, Role.RESULTS),
                name(prefix, Role.DEAD_LETTERS),
                COMMAND_PARTITIONS);
        PublishingProperties publishing = new PublishingProperties(name(prefix, Role.EVENTS), EVENT_PARTITIONS);
        return new OwnedTopics(kafkaAdmin, intake, publishing, metrics, Clock.systemUTC(), checkEvery) {
            @Override
            protected Admin admin(Map<String, Object> settings) {
                return admins.apply(settings);
            }
        };
    }

    /**
     * A client that answers as a KRaft broker a step behind its controller does: while
     * {@code behind} holds, it says it does not know {@code topic}, made or not.
     */
    private static final class Lagging extends org.apache.kafka.clients.admin.ForwardingAdmin {

        private final String topic;
        private final java.util.concurrent.atomic.AtomicBoolean behind;

        Lagging(Map<String, Object> settings, String topic, java.util.concurrent.atomic.AtomicBoolean behind) {
            super(settings);
            this.topic = topic;
            this.behind = behind;
        }

        @Override
        public org.apache.kafka.clients.admin.DescribeTopicsResult describeTopics(
                org.apache.kafka.common.TopicCollection topics,
                org.apache.kafka.clients.admin.DescribeTopicsOptions options) {
            org.apache.kafka.clients.admin.DescribeTopicsResult known = super.describeTopics(topics, options);
            if (!behind.get() || !known.topicNameValues().containsKey(topic)) {
                return known;
            }
            Map<String, org.apache.kafka.common.KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> answers =
                    new HashMap<>(known.topicNameValues());
            org.apache.kafka.common.internals.KafkaFutureImpl<org.apache.kafka.clients.admin.TopicDescription> unknown =
                    new org.apache.kafka.common.internals.KafkaFutureImpl<>();
            unknown.completeExceptionally(
                    new UnknownTopicOrPartitionException("this broker does not know " + topic + " yet"));
            answers.put(topic, unknown);
            return new org.apache.kafka.clients.admin.DescribeTopicsResult(null, answers) {};
        }
    }

    /**
     * The topics' settings once the broker shows the needed ones, or as they are after 10 s: a KRaft
     * broker applies a setting, or learns of a topic, after the controller has taken it, so a read
     * just after a change may still show the state before it.
     */
    private static Map<Role, Config> settled(String prefix) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(unknown -> unknown instanceof ExecutionException
                            && unknown.getCause() instanceof UnknownTopicOrPartitionException)
                    .until(() -> meetsTheNeeds(settings(prefix)));
        } catch (ConditionTimeoutException notMet) {
            // The assertions on what is read now name the need that is not met.
        }
        return settings(prefix);
    }

    private static boolean meetsTheNeeds(Map<Role, Config> settings) {
        for (Role keptForever : List.of(Role.DEAD_LETTERS, Role.EVENTS)) {
            for (String retention : List.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG)) {
                if (!"-1".equals(settings.get(keptForever).get(retention).value())) {
                    return false;
                }
            }
        }
        for (Role neverCompacted : List.of(Role.COMMANDS, Role.DEAD_LETTERS, Role.EVENTS)) {
            if (!"delete"
                    .equals(settings.get(neverCompacted)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())) {
                return false;
            }
        }
        return limit(settings.get(Role.DEAD_LETTERS))
                >= limit(settings.get(Role.COMMANDS)) + TopicPlan.DEAD_LETTER_HEADROOM;
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
