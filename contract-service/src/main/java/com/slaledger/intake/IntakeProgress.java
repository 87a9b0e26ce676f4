package com.slaledger.intake;

import com.slaledger.kafka.ListenerRestarts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Watches that no partition of {@code contract.commands} stands still: per partition, the record
 * being worked on and since when this instance first saw it. A record retried for an outage keeps
 * its first time. The gauge {@code sla.intake.oldest-unanswered.seconds} gives the oldest age; the
 * health indicator {@code commandIntake} is DOWN while it exceeds {@code sla.intake.stall-threshold},
 * and while the intake's consumer is not running (Spring Kafka stops it on an {@code Error}, and
 * {@link ListenerRestarts} starts it again).
 */
@Component("commandIntake")
public class IntakeProgress implements HealthIndicator {

    private record InFlight(String topic, int partition, long offset, Instant since) {}

    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration threshold;

    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final ListenerRestarts restarts;

    public IntakeProgress(
            Clock clock,
            IntakeProperties properties,
            MeterRegistry registry,
            ObjectProvider<KafkaListenerEndpointRegistry> listeners,
            ListenerRestarts restarts) {
        this.clock = clock;
        this.listeners = listeners;
        this.restarts = restarts;
        this.threshold = properties.stallThreshold();
        Gauge.builder(
                        "sla.intake.oldest-unanswered.seconds",
                        this,
                        p -> p.oldestAge().map(age -> age.toMillis() / 1000.0).orElse(0.0))
                .description("age of the oldest command record that is being worked on and not yet answered")
                .register(registry);
    }

    /**
     * A poll: per partition its first record is the oldest unanswered. A poll retried after a failure
     * starts with the same record and keeps its first time.
     */
    void started(List<? extends ConsumerRecord<?, ?>> records) {
        firstPerPartition(records).forEach(this::started);
    }

    void answered(List<? extends ConsumerRecord<?, ?>> records) {
        firstPerPartition(records).forEach(this::answered);
    }

    private static Collection<ConsumerRecord<?, ?>> firstPerPartition(List<? extends ConsumerRecord<?, ?>> records) {
        Map<Integer, ConsumerRecord<?, ?>> first = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            first.putIfAbsent(record.partition(), record);
        }
        return first.values();
    }

    void started(ConsumerRecord<?, ?> record) {
        inFlight.compute(
                record.topic() + "-" + record.partition(),
                (key, current) -> current != null && current.offset() == record.offset()
                        ? current
                        : new InFlight(record.topic(), record.partition(), record.offset(), clock.instant()));
    }

    void answered(ConsumerRecord<?, ?> record) {
        inFlight.computeIfPresent(
                record.topic() + "-" + record.partition(),
                (key, current) -> current.offset() == record.offset() ? null : current);
    }

    Optional<Duration> oldestAge() {
        return oldest().map(o -> Duration.between(o.since(), clock.instant()));
    }

    private Optional<InFlight> oldest() {
        return inFlight.values().stream().min(Comparator.comparing(InFlight::since));
    }

    @Override
    public Health health() {
        MessageListenerContainer intake = listeners.getObject().getListenerContainer(CommandListener.ID);
        if (intake != null && !intake.isRunning()) {
            // Spring Kafka stops a container that meets an Error: no record is in flight then, and
            // nothing else would show that the intake takes no commands until it is started again.
            return Health.down()
                    .withDetail(
                            "consumer",
                            restarts.pending(CommandListener.ID)
                                    .orElse("stopped: this instance takes no commands until it is started again"))
                    .withDetail("restarts", restarts.restarts(CommandListener.ID))
                    .build();
        }
        Optional<InFlight> oldest = oldest();
        if (oldest.isEmpty()) {
            return Health.up().build();
        }
        Duration age = Duration.between(oldest.get().since(), clock.instant());
        Health.Builder health = age.compareTo(threshold) > 0 ? Health.down() : Health.up();
        return health.withDetail(
                        "oldestUnansweredPartition",
                        oldest.get().topic() + "-" + oldest.get().partition())
                .withDetail("oldestUnansweredOffset", oldest.get().offset())
                .withDetail("oldestUnansweredSeconds", age.toSeconds())
                .withDetail("threshold", threshold.toString())
                .build();
    }
}
