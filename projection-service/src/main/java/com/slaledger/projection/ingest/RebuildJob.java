package com.slaledger.projection.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds every read model from the start of {@code contract.events} into a fresh schema, with the
 * same {@link ProjectionWriter} as the live consumer, then swaps the schemas in one transaction.
 *
 * <p>The live consumer is stopped first, so the rebuild reads at least as far as the live tables
 * had got; after the swap the live consumer resumes from its committed offsets and skips what the
 * rebuild already applied. One rebuild at a time.
 */
@Component
public class RebuildJob {

    private static final Logger log = LoggerFactory.getLogger(RebuildJob.class);
    private static final int BATCH = 2_000;

    private final DataSource dataSource;
    private final KafkaAdmin kafkaAdmin;
    private final KafkaListenerEndpointRegistry listeners;
    private final IngestProperties properties;
    private final Clock clock;
    private final AtomicReference<RebuildStatus> status = new AtomicReference<>(RebuildStatus.idle());

    public RebuildJob(
            DataSource dataSource,
            KafkaAdmin kafkaAdmin,
            KafkaListenerEndpointRegistry listeners,
            IngestProperties properties,
            Clock clock) {
        this.dataSource = dataSource;
        this.kafkaAdmin = kafkaAdmin;
        this.listeners = listeners;
        this.properties = properties;
        this.clock = clock;
    }

    /** Progress of the current or last rebuild. */
    public record RebuildStatus(
            String state,
            long eventsDone,
            long eventsTotal,
            double eventsPerSecond,
            double percentDone,
            Instant startedAt,
            Instant finishedAt,
            String error) {
        static RebuildStatus idle() {
            return new RebuildStatus("IDLE", 0, 0, 0, 0, null, null, null);
        }

        boolean running() {
            return state.equals("RUNNING");
        }
    }

    public RebuildStatus status() {
        return status.get();
    }

    /** Starts a rebuild in the background; false if one is already running. */
    public synchronized boolean start() {
        if (status.get().running()) {
            return false;
        }
        status.set(new RebuildStatus("RUNNING", 0, 0, 0, 0, clock.instant(), null, null));
        Thread worker = new Thread(this::runSafely, "projection-rebuild");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Runs a rebuild in the calling thread and returns its final status. */
    public RebuildStatus runNow() {
        synchronized (this) {
            if (status.get().running()) {
                throw new IllegalStateException("a rebuild is already running");
            }
            status.set(new RebuildStatus("RUNNING", 0, 0, 0, 0, clock.instant(), null, null));
        }
        runSafely();
        return status.get();
    }

    private void runSafely() {
        MessageListenerContainer live = listeners.getListenerContainer(EventConsumer.LISTENER_ID);
        Instant started = status.get().startedAt();
        try {
            if (live != null) {
                live.stop();
            }
            long[] counts = rebuildInto(properties.schema() + "_rebuild", started);
            swap(properties.schema() + "_rebuild");
            status.set(new RebuildStatus(
                    "DONE", counts[0], counts[1], rate(counts[0], started), 100.0, started, clock.instant(), null));
            log.info("rebuild done: {} events in {}", counts[0], Duration.between(started, clock.instant()));
        } catch (Exception e) {
            log.error("rebuild failed", e);
            RebuildStatus s = status.get();
            status.set(new RebuildStatus(
                    "FAILED",
                    s.eventsDone(),
                    s.eventsTotal(),
                    s.eventsPerSecond(),
                    s.percentDone(),
                    started,
                    clock.instant(),
                    String.valueOf(e.getMessage())));
        } finally {
            if (live != null) {
                live.start();
            }
        }
    }

    private long[] rebuildInto(String schema, Instant started) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .locations("classpath:db/projection")
                    .load()
                    .migrate();
            connection.setSchema(schema);
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            Ingestion ingestion = new Ingestion(
                    new ProjectionWriter(new JdbcTemplate(single), clock),
                    new TransactionTemplate(new DataSourceTransactionManager(single)));
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(properties.eventsTopic()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                long total = partitions.stream()
                        .mapToLong(tp -> end.get(tp) - begin.get(tp))
                        .sum();
                long done = 0;
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(BATCH);
                while (!reachedEnd(consumer, partitions, end)) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                            batch.add(record);
                        }
                    }
                    if (batch.size() >= BATCH || reachedEnd(consumer, partitions, end)) {
                        List<ConsumerRecord<String, byte[]>> chunk = List.copyOf(batch);
                        ingestion.apply(chunk);
                        done += chunk.size();
                        batch.clear();
                        status.set(new RebuildStatus(
                                "RUNNING",
                                done,
                                total,
                                rate(done, started),
                                total == 0 ? 100.0 : Math.round(done * 1000.0 / total) / 10.0,
                                started,
                                null,
                                null));
                    }
                }
                return new long[] {done, total};
            } finally {
                connection.setSchema(properties.schema());
            }
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    private void swap(String rebuilt) throws SQLException {
        String live = properties.schema();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("ALTER SCHEMA " + live + " RENAME TO " + live + "_old");
                statement.execute("ALTER SCHEMA " + rebuilt + " RENAME TO " + live);
                statement.execute("DROP SCHEMA " + live + "_old CASCADE");
            }
            connection.commit();
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        // No group: the rebuild assigns every partition itself and commits nothing, so it needs no
        // group ACL beside the live consumer's (docker/kafka/acls).
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private double rate(long done, Instant started) {
        double seconds =
                Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
        return Math.round(done / seconds);
    }
}
