package com.slaledger.projection.ingest;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.contractview.ContractStream;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * Consumes {@code contract.events} a poll at a time: one database transaction per poll, offsets
 * committed after it. Redelivered events are skipped by sequence, so at-least-once delivery leaves
 * the read models unchanged. Pushes the new views to live subscribers after the commit.
 */
@Component
public class EventConsumer {

    public static final String LISTENER_ID = "projection";
    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    private final ProjectionWriter writer;
    private final TransactionTemplate transactions;
    private final ContractStream stream;
    private final MeterRegistry metrics;

    public EventConsumer(
            ProjectionWriter writer, TransactionTemplate transactions, ContractStream stream, MeterRegistry metrics) {
        this.writer = writer;
        this.transactions = transactions;
        this.stream = stream;
        this.metrics = metrics;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "${sla.projection.events-topic:contract.events}",
            groupId = "${sla.projection.group-id:projection-service}",
            concurrency = "${sla.projection.concurrency:2}",
            batch = "true")
    public void on(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope> envelopes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                envelopes.add(SlaJson.mapper().readValue(record.value(), EventEnvelope.class));
            } catch (JacksonException e) {
                // contract.events is written by contract-service only: this is a bug there, not input.
                log.error(
                        "unreadable event at {}-{}@{} skipped: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getOriginalMessage());
                metrics.counter("sla.projection.events", "outcome", "unreadable")
                        .increment();
            }
        }
        ProjectionWriter.Outcome outcome = transactions.execute(status -> writer.apply(envelopes));
        metrics.counter("sla.projection.events", "outcome", "applied").increment(outcome.applied());
        metrics.counter("sla.projection.events", "outcome", "duplicate").increment(outcome.duplicates());
        metrics.counter("sla.projection.events", "outcome", "parked").increment(outcome.parked());
        outcome.changed().forEach(stream::publish);
    }
}
