package com.slaledger.projection.ingest;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far the live projection is behind {@code contract.events}: the consumer group's total lag.
 * Anyone may ask for health, so the answer is kept for {@link #FRESH_FOR}: a burst of anonymous
 * requests opens one Kafka admin connection, not one each.
 */
@Component("consumerLag")
public class ConsumerLagHealth implements HealthIndicator {

    static final java.time.Duration FRESH_FOR = java.time.Duration.ofSeconds(5);

    private final KafkaAdmin admin;
    private final IngestProperties properties;
    private final LiveConsumer live;
    private volatile Health last;
    private volatile long lastAt;

    public ConsumerLagHealth(KafkaAdmin admin, IngestProperties properties, LiveConsumer live) {
        this.admin = admin;
        this.properties = properties;
        this.live = live;
    }

    /**
     * The lag, and whether the live consumer runs. One that an Error stopped makes this DOWN until
     * it runs again (ADR 0036): its lag was committed before the Error, so the lag alone would not
     * show that nothing is applied. One stopped for a rebuild is not a fault.
     */
    @Override
    public Health health() {
        Health lag = lag();
        Optional<String> stopped = live.stopped();
        if (stopped.isEmpty()) {
            return lag;
        }
        return Health.status(live.faulty() ? Status.DOWN : lag.getStatus())
                .withDetails(lag.getDetails())
                .withDetail("consumer", stopped.get())
                .withDetail("restarts", live.restarts())
                .build();
    }

    private Health lag() {
        Health cached = last;
        if (cached != null && System.nanoTime() - lastAt < FRESH_FOR.toNanos()) {
            return cached;
        }
        synchronized (this) {
            if (last == null || System.nanoTime() - lastAt >= FRESH_FOR.toNanos()) {
                last = measure();
                lastAt = System.nanoTime();
            }
            return last;
        }
    }

    private Health measure() {
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(properties.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest =
                    committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    client.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long lag = committed.entrySet().stream()
                    .mapToLong(e -> Math.max(
                            0, ends.get(e.getKey()).offset() - e.getValue().offset()))
                    .sum();
            return Health.up()
                    .withDetail("group", properties.groupId())
                    .withDetail("lag", lag)
                    .withDetail("partitions", committed.size())
                    .build();
        } catch (Exception e) {
            return Health.unknown()
                    .withDetail("group", properties.groupId())
                    .withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
