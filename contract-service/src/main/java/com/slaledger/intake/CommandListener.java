package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code contract.commands}: read, dispatch, answer. Offsets are committed after the poll's
 * records have all returned from this method (ack mode BATCH), that is after each one's database
 * transaction and its result's acknowledgement. A failure in between makes the record come again, and the stored result is
 * published again without a second effect.
 */
@Component
public class CommandListener {

    private final EnvelopeReader reader;
    private final CommandProcessor processor;
    private final ResultPublisher results;
    private final DeadLetters deadLetters;

    public CommandListener(
            EnvelopeReader reader, CommandProcessor processor, ResultPublisher results, DeadLetters deadLetters) {
        this.reader = reader;
        this.processor = processor;
        this.results = results;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(
            id = "command-intake",
            // The group the configuration names (contract-service), which the Kafka ACLs grant;
            // without it the listener id would silently become the group.
            groupId = "${spring.kafka.consumer.group-id:contract-service}",
            topics = "${sla.intake.commands-topic:contract.commands}",
            concurrency = "${sla.intake.concurrency:4}",
            containerFactory = "commandListenerFactory")
    public void on(ConsumerRecord<String, byte[]> record) {
        Reading reading = reader.read(record.value());
        if (reading instanceof Reading.Refused refused && refused.deadLetter()) {
            deadLetters.send(record, refused);
        }
        CommandResult result = processor.process(reading);
        if (result != null) {
            results.publish(result);
        }
    }
}
