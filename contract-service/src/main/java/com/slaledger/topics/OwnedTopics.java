package com.slaledger.topics;

import com.slaledger.failure.Failures;
import com.slaledger.intake.IntakeProperties;
import com.slaledger.platform.Settings;
import com.slaledger.publishing.PublishingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Makes the broker's topics what {@link TopicPlan} says, at start-up, before any listener or the
 * event publisher starts: missing topics created, the settings a guarantee rests on set on existing
 * ones, partitions never added (ADR 0037). The start stops when the broker cannot be asked or a
 * topic cannot be created, since the service cannot work without its topics. A setting that cannot
 * be read or set (an ACL without {@code DescribeConfigs} or {@code AlterConfigs}) is logged as an
 * error with the command that sets it, and the health indicator {@code kafkaTopics} is DOWN: the
 * service runs, without the guarantee that setting holds up.
 *
 * <p>The same plan is carried out again every {@code sla.topics.check-every} while the service runs
 * (ADR 0039), on a thread of its own: a setting changed by hand (events given a retention, say) is
 * set back within that time, not at the next start, and a setting granted or set by an operator
 * takes health back to UP. Each setting set counts in {@code sla.topics.changed}. A check that
 * cannot reach the broker is logged and tried again at the next; it leaves health as it was.
 */
@Component("kafkaTopics")
public class OwnedTopics implements SmartInitializingSingleton, DisposableBean, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OwnedTopics.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final int CATCH_UP_READS = 20;
    private static final long CATCH_UP_PAUSE_MILLIS = 100;

    /** The settings set since the start that health lists: the newest, so that the list stays short. */
    private static final int CHANGES_SHOWN = 20;

    private final KafkaAdmin kafkaAdmin;
    private final TopicPlan.Names names;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Duration checkEvery;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "topic-settings-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Outcome outcome = new Outcome(List.of(), List.of(), List.of(), List.of());

    /** Settings set since the start, newest last, each with when; guarded by itself, not by this, which a check holds. */
    private final Deque<String> changedSinceStart = new ArrayDeque<>();

    private volatile String lastCheckFailed;

    /** Set once the start's plan is carried out: a topic made after that was deleted while running. */
    private volatile boolean started;

    /**
     * @param created topics created
     * @param changed settings set, as {@link TopicPlan.Change#summary()}
     * @param kept partitions kept against the setting
     * @param failed settings that could not be read or set, with why
     */
    public record Outcome(List<String> created, List<String> changed, List<String> kept, List<String> failed) {}

    public OwnedTopics(
            KafkaAdmin kafkaAdmin,
            IntakeProperties intake,
            PublishingProperties publishing,
            MeterRegistry metrics,
            Clock clock,
            @Value("${sla.topics.check-every:PT5M}") Duration checkEvery) {
        this.kafkaAdmin = kafkaAdmin;
        this.metrics = metrics;
        this.clock = clock;
        this.checkEvery = Settings.positive("sla.topics.check-every", checkEvery);
        this.names = new TopicPlan.Names(
                intake.commandsTopic(),
                intake.resultsTopic(),
                intake.deadLetterTopic(),
                publishing.eventsTopic(),
                intake.partitions(),
                publishing.partitions());
    }

    @Override
    public void afterSingletonsInstantiated() {
        prepare();
        started = true;
        long every = checkEvery.toMillis();
        checks.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }

    /**
     * The check while running: what the start does, without stopping anything when it fails. A
     * scheduled task that throws is never run again, so nothing leaves here.
     */
    void check() {
        try {
            prepare();
            lastCheckFailed = null;
        } catch (RuntimeException | Error failed) {
            if (checks.isShutdown() && !(failed instanceof VirtualMachineError)) {
                return; // interrupted by the context closing
            }
            lastCheckFailed = clock.instant() + ": " + Failures.describe(failed);
            log.warn(
                    "the check of the topics' settings failed; it is tried again in {}: {}",
                    checkEvery,
                    Failures.describe(failed));
            if (failed instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /** Reads the topics, carries out their plan and returns what it did (also held for health). */
    public synchronized Outcome prepare() {
        try (Admin admin = admin(kafkaAdmin.getConfigurationProperties())) {
            List<String> created = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            TopicPlan.Plan plan = TopicPlan.of(names, existing(admin, failed));
            if (!plan.creations().isEmpty()) {
                created.addAll(create(admin, plan.creations()));
                // The dead-letter topic's limit follows the commands topic's: read both again. A KRaft
                // broker learns of a topic after its controller has made it, so it may not know the new
                // ones at once; a few short waits let it catch up.
                for (int read = 1; ; read++) {
                    failed.clear();
                    plan = TopicPlan.of(names, existing(admin, failed));
                    if ((plan.creations().isEmpty() && failed.isEmpty()) || read == CATCH_UP_READS) {
                        break;
                    }
                    pause(CATCH_UP_PAUSE_MILLIS);
                }
                plan.creations().forEach(unknown -> {
                    String failure = unknown.topic() + ": made, but the broker did not know it within "
                            + CATCH_UP_READS * CATCH_UP_PAUSE_MILLIS + " ms; its settings are checked again in "
                            + checkEvery;
                    log.error("{}", failure);
                    failed.add(failure);
                });
            }
            plan.kept().forEach(kept -> log.warn("{}", kept));
            List<String> changed = new ArrayList<>();
            plan.changes().stream()
                    .collect(Collectors.groupingBy(TopicPlan.Change::topic, LinkedHashMap::new, Collectors.toList()))
                    .forEach((topic, changes) -> {
                        String failure = alter(admin, topic, changes);
                        if (failure == null) {
                            changes.forEach(change -> {
                                log.warn("{} ({})", change.summary(), change.why());
                                changed.add(change.summary());
                                metrics.counter(
                                                "sla.topics.changed",
                                                "topic",
                                                change.topic(),
                                                "setting",
                                                change.setting())
                                        .increment();
                                remember(change.summary());
                            });
                        } else {
                            failed.add(failure);
                        }
                    });
            outcome = new Outcome(List.copyOf(created), List.copyOf(changed), plan.kept(), List.copyOf(failed));
            return outcome;
        }
    }

    /** A client of the broker for one run of the plan; tests give one that answers as a lagging broker would. */
    protected Admin admin(Map<String, Object> settings) {
        return Admin.create(settings);
    }

    @Override
    public Health health() {
        Outcome now = outcome;
        Health.Builder health =
                now.failed().isEmpty() ? Health.up() : Health.down().withDetail("failed", now.failed());
        List<String> changed;
        synchronized (changedSinceStart) {
            changed = List.copyOf(changedSinceStart);
        }
        if (!changed.isEmpty()) {
            health.withDetail("changed", changed);
        }
        String checkFailed = lastCheckFailed;
        if (checkFailed != null) {
            health.withDetail("lastCheckFailed", checkFailed);
        }
        if (!now.kept().isEmpty()) {
            health.withDetail("partitionsKept", now.kept());
        }
        return health.build();
    }

    /** The existing topics by name; the settings of those with needs. A setting not read goes to {@code failed}. */
    private Map<String, TopicPlan.Existing> existing(Admin admin, List<String> failed) {
        List<String> all = List.of(names.commands(), names.results(), names.deadLetters(), names.events());
        Map<String, Integer> partitions = new HashMap<>();
        admin.describeTopics(all).topicNameValues().forEach((topic, description) -> {
            TopicDescription described =
                    await(description, "describe " + topic, UnknownTopicOrPartitionException.class);
            if (described != null) {
                partitions.put(topic, described.partitions().size());
            }
        });
        Map<String, Map<String, String>> settings = new HashMap<>();
        // One request for the settings of every existing topic with needs; each answers on its own.
        admin.describeConfigs(TopicPlan.withNeeds(names).stream()
                        .filter(partitions::containsKey)
                        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                        .toList())
                .values()
                .forEach((resource, config) -> {
                    String topic = resource.name();
                    try {
                        settings.put(
                                topic,
                                config.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entries().stream()
                                        .filter(entry -> entry.value() != null)
                                        .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value)));
                    } catch (ExecutionException | TimeoutException refused) {
                        if (cause(refused) instanceof UnknownTopicOrPartitionException) {
                            // Gone since it was described, or made so lately that the broker does not know it yet.
                            partitions.remove(topic);
                            return;
                        }
                        String failure = topic + ": its settings could not be read ("
                                + Failures.describe(cause(refused))
                                + "); grant contract-service DescribeConfigs and AlterConfigs on it (docker/kafka/acls)";
                        log.error("{}", failure);
                        failed.add(failure);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(
                                "interrupted while reading " + topic + "'s settings", interrupted);
                    }
                });
        Map<String, TopicPlan.Existing> existing = new HashMap<>();
        partitions.forEach((topic, count) -> existing.put(topic, new TopicPlan.Existing(count, settings.get(topic))));
        return existing;
    }

    private List<String> create(Admin admin, List<TopicPlan.Creation> creations) {
        List<String> created = new ArrayList<>();
        admin.createTopics(creations.stream()
                        .map(creation -> new NewTopic(
                                        creation.topic(), Optional.of(creation.partitions()), Optional.empty())
                                .configs(creation.settings()))
                        .toList())
                .values()
                .forEach((topic, future) -> {
                    // Another instance starting at the same time may have created it first.
                    if (createdHere(future, topic)) {
                        created.add(topic);
                        if (started) {
                            log.error(
                                    "topic {} was missing while the service ran, and is made again with its"
                                            + " settings: whatever it held is gone from it",
                                    topic);
                            metrics.counter("sla.topics.created", "topic", topic)
                                    .increment();
                            remember(topic + " made again: it was missing");
                        } else {
                            log.info("created topic {}", topic);
                        }
                    }
                });
        return created;
    }

    private static boolean createdHere(KafkaFuture<Void> creation, String topic) {
        try {
            creation.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException(
                    "could not create " + topic + ": " + Failures.describe(failed.getCause()), failed);
        } catch (TimeoutException slow) {
            throw new IllegalStateException("could not create " + topic + " within " + TIMEOUT_SECONDS + " s", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, interrupted);
        }
    }

    /** Sets the changes of one topic; null when done, else why not, logged with the command that does it. */
    private static String alter(Admin admin, String topic, List<TopicPlan.Change> changes) {
        List<AlterConfigOp> operations = changes.stream()
                .map(change ->
                        new AlterConfigOp(new ConfigEntry(change.setting(), change.to()), AlterConfigOp.OpType.SET))
                .toList();
        try {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), operations))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException | TimeoutException refused) {
            String settings = changes.stream()
                    .map(change -> change.setting() + "=" + change.to())
                    .collect(Collectors.joining(","));
            String failure = topic + ": could not set " + settings + " (" + Failures.describe(cause(refused))
                    + "), needed as "
                    + changes.stream().map(TopicPlan.Change::why).distinct().collect(Collectors.joining("; "))
                    + ". Set it with kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config " + settings;
            log.error("{}", failure);
            return failure;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting " + topic + "'s settings", interrupted);
        }
    }

    /** The future's value; null where it failed with {@code expected}; the start stops on any other failure. */
    private static <T> T await(KafkaFuture<T> future, String what, Class<? extends Throwable> expected) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            if (expected.isInstance(failed.getCause())) {
                return null;
            }
            throw new IllegalStateException("could not " + what + ": " + Failures.describe(failed.getCause()), failed);
        } catch (TimeoutException slow) {
            throw new IllegalStateException(
                    "could not " + what + " within " + TIMEOUT_SECONDS + " s: is the broker up?", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, interrupted);
        }
    }

    /** For health's {@code changed}: the newest {@value #CHANGES_SHOWN}, each with when. */
    private void remember(String what) {
        synchronized (changedSinceStart) {
            if (changedSinceStart.size() == CHANGES_SHOWN) {
                changedSinceStart.removeFirst();
            }
            changedSinceStart.addLast(clock.instant() + " " + what);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for the broker to know the new topics", interrupted);
        }
    }

    private static Throwable cause(Exception failed) {
        return failed instanceof ExecutionException && failed.getCause() != null ? failed.getCause() : failed;
    }
}
