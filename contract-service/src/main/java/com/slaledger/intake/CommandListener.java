package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.failure.Failures;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code contract.commands}: read, dispatch, answer. Offsets are committed after the poll's
 * records have all returned from this method (ack mode BATCH), that is after each one's database
 * transaction and its result's acknowledgement. A failure in between makes the record come again,
 * and the stored result is published again without a second effect.
 *
 * <p>Every record reaches one outcome (ADR 0011). A failure of the database or the broker is
 * rethrown, and the container retries the record with back-off. Any other failure is final at
 * once: the record is dead-lettered with the reason, and its sender gets {@code INTERNAL_ERROR},
 * so the partition moves on.
 */
@Component
public class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final EnvelopeReader reader;
    private final CommandProcessor processor;
    private final ResultPublisher results;
    private final DeadLetters deadLetters;
    private final IntakeProgress progress;
    private final RecordSenders senders;
    private final Clock clock;

    public CommandListener(
            EnvelopeReader reader,
            CommandProcessor processor,
            ResultPublisher results,
            DeadLetters deadLetters,
            IntakeProgress progress,
            RecordSenders senders,
            Clock clock) {
        this.reader = reader;
        this.processor = processor;
        this.results = results;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.senders = senders;
        this.clock = clock;
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
        progress.started(record);
        Reading reading = reader.read(record.value());
        RecordSenders.Sender sender = senders.of(record);
        if (sender instanceof RecordSenders.Sender.Refused refusal) {
            refuseSender(record, reading, refusal);
            progress.answered(record);
            return;
        }
        Optional<Set<String>> parties = ((RecordSenders.Sender.Known) sender).parties();
        if (reading instanceof Reading.Parsed parsed && parties.isPresent()) {
            reading = new Reading.Parsed(
                    parsed.type(), parsed.command(), parsed.issuance().permittedTo(parties.get()));
        }
        if (reading instanceof Reading.Refused refused && refused.deadLetter()) {
            deadLetters.send(record, refused.code().name(), refused.message());
        }
        CommandResult result;
        try {
            result = processor.process(reading);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            log.error("command at {}-{}@{} failed for good", record.topic(), record.partition(), record.offset(), e);
            deadLetters.send(record, RejectionCode.INTERNAL_ERROR.name(), Failures.describe(e));
            result = failed(reading);
        }
        if (result != null) {
            results.publish(result);
        }
        progress.answered(record);
    }

    /**
     * A record whose sender is not known is never processed: its sender gets the refusal where its
     * commandId can be read (not stored, like any input refusal); otherwise it is dead-lettered.
     */
    private void refuseSender(
            ConsumerRecord<String, byte[]> record, Reading reading, RecordSenders.Sender.Refused refusal) {
        String commandId = commandIdOf(reading);
        if (commandId == null) {
            deadLetters.send(record, refusal.code().name(), refusal.message());
            return;
        }
        results.publish(CommandResult.rejected(
                commandId,
                contractIdOf(reading),
                reading instanceof Reading.Parsed parsed ? parsed.type() : ((Reading.Refused) reading).type(),
                refusal.code(),
                refusal.message(),
                null,
                null,
                clock.instant()));
    }

    private static String commandIdOf(Reading reading) {
        return reading instanceof Reading.Parsed parsed
                ? parsed.issuance().commandId()
                : ((Reading.Refused) reading).commandId();
    }

    private static String contractIdOf(Reading reading) {
        return reading instanceof Reading.Parsed parsed
                ? parsed.command().contractId().value()
                : ((Reading.Refused) reading).contractId();
    }

    /** The answer to a command that failed for good: not stored, so a corrected resend may succeed. */
    private CommandResult failed(Reading reading) {
        String commandId = commandIdOf(reading);
        if (commandId == null) {
            return null;
        }
        String contractId = contractIdOf(reading);
        String type = reading instanceof Reading.Parsed parsed ? parsed.type() : ((Reading.Refused) reading).type();
        return CommandResult.rejected(
                commandId,
                contractId,
                type,
                RejectionCode.INTERNAL_ERROR,
                "the command could not be processed and was dead-lettered",
                null,
                null,
                clock.instant());
    }
}
