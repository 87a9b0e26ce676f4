package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.failure.Failures;
import com.slaledger.kafka.DeletedRecords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code contract.commands} a poll at a time: read every record, handle the commands
 * together ({@link CommandBatch}: one transaction, one commit), then send all their results at
 * once, flush, and wait for the broker's acknowledgements. Only then does the method return and
 * the container commit the poll's offsets: a crash in between redelivers records whose stored
 * results are sent again, without a second effect.
 *
 * <p>Every record reaches one outcome (ADR 0011). When a batch fails as a whole (a unique-key race
 * with another writer, a transient failure, a bug), nothing of it was stored, and its records are
 * handled one at a time as before: a failure of the database or the broker is thrown as a
 * {@link BatchListenerFailedException} for that record, so the container commits what came before
 * it and retries from it with back-off; any other failure is final at once (the record is
 * dead-lettered with the reason, its sender gets {@code INTERNAL_ERROR}) and the partition moves
 * on.
 */
@Component
public class CommandListener {

    /** The intake's listener container, by its id. */
    public static final String ID = "command-intake";

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final EnvelopeReader reader;
    private final CommandBatch batch;
    private final CommandProcessor processor;
    private final ResultPublisher results;
    private final IntakeProperties properties;
    private final DeadLetters deadLetters;
    private final IntakeProgress progress;
    private final DeletedRecords deleted;
    private final RecordSenders senders;
    private final Clock clock;

    public CommandListener(
            EnvelopeReader reader,
            CommandBatch batch,
            CommandProcessor processor,
            ResultPublisher results,
            IntakeProperties properties,
            DeadLetters deadLetters,
            IntakeProgress progress,
            DeletedRecords deleted,
            RecordSenders senders,
            Clock clock) {
        this.reader = reader;
        this.batch = batch;
        this.processor = processor;
        this.results = results;
        this.properties = properties;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.deleted = deleted;
        this.senders = senders;
        this.clock = clock;
    }

    /** A result on its way, with the record it answers. */
    private record Sent(ConsumerRecord<byte[], byte[]> record, CompletableFuture<?> acknowledged) {}

    /** A record as read, with the sender's permissions applied; {@code answer} is set when it is settled without the aggregate. */
    private record Arrival(
            ConsumerRecord<byte[], byte[]> record, Reading reading, CommandResult answer, boolean settled) {}

    @KafkaListener(
            id = CommandListener.ID,
            // The group the configuration names (contract-service), which the Kafka ACLs grant;
            // without it the listener id would silently become the group.
            groupId = "${spring.kafka.consumer.group-id:contract-service}",
            topics = "${sla.intake.commands-topic:contract.commands}",
            concurrency = "${sla.intake.concurrency:1}",
            containerFactory = "commandListenerFactory",
            batch = "true")
    public void on(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
        deleted.check(records, consumer);
        progress.started(records);
        List<Sent> sends = new ArrayList<>();
        List<Arrival> pending = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Arrival arrival = arriveOrFail(record, sends, records);
            if (arrival.settled()) {
                send(record, arrival.answer(), sends);
            } else {
                pending.add(arrival);
            }
        }
        try {
            if (!properties.groupCommit()) {
                for (Arrival arrival : pending) {
                    send(arrival.record(), alone(arrival, sends, records), sends);
                    awaitAll(sends, records);
                }
                pending.clear();
            }
            batch.processAll(
                    pending.stream().map(Arrival::reading).toList(),
                    i -> alone(pending.get(i), sends, records),
                    (i, answer) -> send(pending.get(i).record(), answer, sends));
        } finally {
            awaitAll(sends, records);
        }
        progress.answered(records);
    }

    /**
     * {@link #arrive}, with its failures settled as the aggregate's are ({@link #settle}), so a bug
     * met while reading one record or checking its sender never fails the records around it.
     */
    private Arrival arriveOrFail(
            ConsumerRecord<byte[], byte[]> record, List<Sent> sends, List<ConsumerRecord<byte[], byte[]>> poll) {
        try {
            return arrive(record);
        } catch (RuntimeException e) {
            settle(record, e, "could not be read or its sender checked", sends, poll);
            return new Arrival(record, null, answerToFailed(record), true);
        }
    }

    /** Reads a record and checks its sender; settles it at once when it will not reach the aggregate. */
    private Arrival arrive(ConsumerRecord<byte[], byte[]> record) {
        Reading reading = reader.read(record.value());
        RecordSenders.Sender sender = senders.of(record);
        if (sender instanceof RecordSenders.Sender.Refused refusal) {
            return new Arrival(record, reading, refuseSender(record, reading, refusal), true);
        }
        Optional<Set<String>> parties = ((RecordSenders.Sender.Known) sender).parties();
        if (reading instanceof Reading.Parsed parsed && parties.isPresent()) {
            reading = new Reading.Parsed(
                    parsed.type(), parsed.command(), parsed.issuance().permittedTo(parties.get()));
        }
        if (reading instanceof Reading.Refused refused && refused.deadLetter()) {
            deadLetters.send(record, refused.code().name(), refused.message());
        }
        return new Arrival(record, reading, null, false);
    }

    /** The one-at-a-time path: transient failures are retried from this record, others are final. */
    private CommandResult alone(Arrival arrival, List<Sent> sends, List<ConsumerRecord<byte[], byte[]>> poll) {
        ConsumerRecord<byte[], byte[]> record = arrival.record();
        try {
            return processor.process(arrival.reading());
        } catch (RuntimeException e) {
            settle(record, e, "failed for good", sends, poll);
            return failed(arrival.reading());
        }
    }

    /**
     * A failure met on one record (ADR 0011): a transient one is retried from this record, once the
     * results sent so far are acknowledged; any other is final for this record alone, which is
     * logged and dead-lettered, and the caller answers it INTERNAL_ERROR.
     */
    private void settle(
            ConsumerRecord<byte[], byte[]> record,
            RuntimeException failure,
            String what,
            List<Sent> sends,
            List<ConsumerRecord<byte[], byte[]>> poll) {
        if (Failures.isTransient(failure)) {
            awaitAll(sends, poll);
            throw new BatchListenerFailedException("transient failure; retried from this record", failure, record);
        }
        log.error("command at {}-{}@{} {}", record.topic(), record.partition(), record.offset(), what, failure);
        deadLetters.send(record, RejectionCode.INTERNAL_ERROR.name(), Failures.describe(failure));
    }

    private void send(ConsumerRecord<byte[], byte[]> record, CommandResult result, List<Sent> sends) {
        if (result != null) {
            sends.add(new Sent(record, results.send(result)));
        }
    }

    /**
     * Flushes the producer once and waits for every result's acknowledgement. When one is missing,
     * the earliest record of the poll without an acknowledged result fails the batch: the container
     * commits the offsets before it and retries from it (its stored result is sent again).
     */
    private void awaitAll(List<Sent> sends, List<ConsumerRecord<byte[], byte[]>> poll) {
        if (sends.isEmpty()) {
            return;
        }
        results.flush();
        try {
            CompletableFuture.allOf(sends.stream().map(Sent::acknowledged).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
            sends.clear();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing results", e);
        } catch (ExecutionException | TimeoutException e) {
            // find the earliest unacknowledged record below
        }
        Sent first = null;
        for (Sent sent : sends) {
            boolean missing =
                    !sent.acknowledged().isDone() || sent.acknowledged().isCompletedExceptionally();
            if (missing && (first == null || poll.indexOf(sent.record()) < poll.indexOf(first.record()))) {
                first = sent;
            }
        }
        sends.clear();
        Throwable cause = first.acknowledged().handle((ok, error) -> error).getNow(null);
        String reason = cause == null ? "not acknowledged in time" : Failures.describe(cause);
        throw new BatchListenerFailedException("could not publish a result: " + reason, cause, first.record());
    }

    /**
     * A record whose sender is not known is never processed: its sender gets the refusal where its
     * commandId can be read (not stored, like any input refusal); otherwise it is dead-lettered.
     */
    private CommandResult refuseSender(
            ConsumerRecord<byte[], byte[]> record, Reading reading, RecordSenders.Sender.Refused refusal) {
        String commandId = commandIdOf(reading);
        if (commandId == null) {
            deadLetters.send(record, refusal.code().name(), refusal.message());
            return null;
        }
        return CommandResult.rejected(
                commandId,
                contractIdOf(reading),
                reading instanceof Reading.Parsed parsed ? parsed.type() : ((Reading.Refused) reading).type(),
                refusal.code(),
                refusal.message(),
                null,
                null,
                clock.instant());
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

    /** {@link #failed} for a record whose reading itself may be what failed: none when it cannot be read. */
    private CommandResult answerToFailed(ConsumerRecord<byte[], byte[]> record) {
        try {
            return failed(reader.read(record.value()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The answer to a command that failed for good: not stored, so a corrected resend may succeed. */
    private CommandResult failed(Reading reading) {
        String commandId = commandIdOf(reading);
        if (commandId == null) {
            return null;
        }
        String type = reading instanceof Reading.Parsed parsed ? parsed.type() : ((Reading.Refused) reading).type();
        return CommandResult.rejected(
                commandId,
                contractIdOf(reading),
                type,
                RejectionCode.INTERNAL_ERROR,
                "the command could not be processed and was dead-lettered",
                null,
                null,
                clock.instant());
    }
}
