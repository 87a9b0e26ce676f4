package com.slaledger.projection.ingest;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.projection.contractview.ContractViews;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/** Rebuilds that fail on purpose, for the tests of what a failed rebuild leaves behind. */
public final class RebuildsThatFail {

    private RebuildsThatFail() {}

    /**
     * A rebuild whose writer fails on its first batch with "the database went away", as when the
     * database goes away under it; everything else is the service's own.
     */
    public static RebuildJob whoseWritersFail(
            DataSource dataSource,
            KafkaAdmin kafkaAdmin,
            LiveConsumer live,
            IngestProperties properties,
            ContractViews views,
            Clock clock) {
        return whoseWritersThrow(
                dataSource,
                kafkaAdmin,
                live,
                properties,
                views,
                clock,
                () -> new TransientDataAccessResourceException("the database went away"));
    }

    /** A rebuild whose writer throws what {@code failure} gives on its first batch: an exception or an error. */
    public static RebuildJob whoseWritersThrow(
            DataSource dataSource,
            KafkaAdmin kafkaAdmin,
            LiveConsumer live,
            IngestProperties properties,
            ContractViews views,
            Clock clock,
            java.util.function.Supplier<? extends Throwable> failure) {
        return new RebuildJob(dataSource, kafkaAdmin, live, properties, views, clock) {
            @Override
            protected ProjectionWriter writerFor(JdbcTemplate template) {
                return new ProjectionWriter(template, clock, ProjectionWriter.CommittedViews.lastBatch(), true) {
                    @Override
                    public Outcome apply(List<EventEnvelope> batch, Map<EventEnvelope, Arrival> arrivals) {
                        Throwable thrown = failure.get();
                        if (thrown instanceof Error error) {
                            throw error;
                        }
                        throw (RuntimeException) thrown;
                    }
                };
            }
        };
    }
}
