package com.slaledger.projection.ingest;

import com.slaledger.api.view.ContractView;
import com.slaledger.kafka.DeletedRecords;
import com.slaledger.projection.contractview.ContractStream;
import com.slaledger.projection.contractview.ViewWaits;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code contract.events} a poll at a time through {@link Ingestion}: offsets are committed
 * after the poll's events are applied or parked. Redelivered events are skipped by sequence, so
 * at-least-once delivery leaves the read models unchanged. A transient failure makes the container
 * retry the poll without end ({@link IngestConfiguration}), so an outage pauses ingestion and never
 * skips it. Pushes the new views to live subscribers after the commit (the writer has handed them
 * to the current-view cache as each transaction committed), and the views a retried poll found
 * stored already, which a commit whose answer was lost never pushed; the same views answer the
 * reads waiting for them ({@link ViewWaits}).
 */
@Component
public class EventConsumer {

    public static final String LISTENER_ID = "projection";

    private final Ingestion ingestion;
    private final ContractStream stream;
    private final ViewWaits waits;
    private final MeterRegistry metrics;
    private final DistributionSummary pollSize;
    private final DeletedRecords deleted;

    public EventConsumer(
            Ingestion ingestion,
            ContractStream stream,
            ViewWaits waits,
            MeterRegistry metrics,
            DeletedRecords deletedEvents) {
        this.ingestion = ingestion;
        this.deleted = deletedEvents;
        this.stream = stream;
        this.waits = waits;
        this.metrics = metrics;
        this.pollSize = DistributionSummary.builder("sla.projection.poll.size")
                .description("records of contract.events applied together, one poll of a consumer thread")
                .register(metrics);
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "${sla.projection.events-topic:contract.events}",
            groupId = "${sla.projection.group-id:projection-service}",
            concurrency = "${sla.projection.concurrency:2}",
            batch = "true")
    public void on(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        deleted.check(records, consumer);
        pollSize.record(records.size());
        ProjectionWriter.Outcome outcome = ingestion.apply(records);
        metrics.counter("sla.projection.events", "outcome", "applied").increment(outcome.applied());
        metrics.counter("sla.projection.events", "outcome", "duplicate").increment(outcome.duplicates());
        metrics.counter("sla.projection.events", "outcome", "parked").increment(outcome.parked());
        outcome.changed().forEach(this::shown);
        outcome.confirmed().forEach(this::shown);
    }

    /** A committed view goes to live subscribers and to the reads waiting for it. */
    private void shown(ContractView view) {
        stream.publish(view);
        waits.reached(view);
    }
}
