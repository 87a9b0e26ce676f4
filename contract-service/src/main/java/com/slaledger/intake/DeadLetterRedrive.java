package com.slaledger.intake;

import com.slaledger.failure.Failures;
import com.slaledger.kafka.TopicReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Lists the dead letters not re-driven yet and sends them back to the commands topic, for an
 * operator who has fixed what made them fail. How far re-driving has come is the committed offset
 * of the consumer group {@code sla.intake.dead-letter-group} on the dead-letter topic, so a dead
 * letter is re-driven once however often the endpoint is called. A re-driven record keeps its key,
 * bytes and headers (without the dead-letter headers) and gets {@value #REDRIVEN_FROM_HEADER}, where
 * it waited, and {@value #REDRIVEN_BY_HEADER}, the subject of the token that asked for the re-drive; it
 * then takes the normal path, where the commandId makes a second effect impossible. Its sender is
 * taken from the service's vouch where the dead letter has one ({@link SenderVouches}), so a token
 * that expired while the record waited for its fix does not refuse it.
 */
@Component
public class DeadLetterRedrive {

    public static final String REDRIVEN_FROM_HEADER = "sla-redriven-from";
    public static final String REDRIVEN_BY_HEADER = "sla-redriven-by";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One record on the dead-letter topic, described for an operator. {@code senderCheckedAt} is when
     * the service checked the sender it vouches for, so the re-drive does not depend on the token;
     * null when the re-driven record's token will decide. {@code notKept} says why a stand-in holds
     * no bytes (the topic refused the record as too large, ADR 0031): such a one is not re-driven.
     * {@code key} is the record's key as a person reads it ({@link KeptKeys#shown}); a re-drive sends
     * the key's bytes as they came (ADR 0032).
     */
    public record DeadLetter(
            int partition,
            long offset,
            String key,
            String commandId,
            String reason,
            String message,
            String originalTopic,
            Integer originalPartition,
            Long originalOffset,
            Instant deadLetteredAt,
            int bytes,
            Instant senderCheckedAt,
            String notKept) {}

    /**
     * What one re-drive did: the dead letters sent back, oldest first; those it moved past without
     * sending them back, and why (ADR 0031); and whether more are pending.
     */
    public record Redriven(int redriven, List<DeadLetter> deadLetters, List<NotSentBack> notSentBack, boolean more) {}

    /**
     * A dead letter a re-drive moved past without sending it back: a stand-in without the record's
     * bytes, or a record the commands topic refused as too large with the headers a re-drive adds.
     * Either would meet the same answer again, and stop every re-drive behind it.
     */
    public record NotSentBack(DeadLetter deadLetter, String why) {}

    private final ConsumerFactory<byte[], byte[]> consumers;
    private final KeptKeys kafka;
    private final IntakeProperties properties;
    private final EnvelopeReader reader;
    private final IntakeMetrics metrics;
    private final SenderVouches vouches;

    public DeadLetterRedrive(
            ConsumerFactory<byte[], byte[]> consumers,
            KeptKeys kafka,
            IntakeProperties properties,
            EnvelopeReader reader,
            IntakeMetrics metrics,
            SenderVouches vouches) {
        this.consumers = consumers;
        this.kafka = kafka;
        this.properties = properties;
        this.reader = reader;
        this.metrics = metrics;
        this.vouches = vouches;
    }

    /** Up to {@code limit} dead letters not re-driven yet, oldest first per partition. */
    public synchronized List<DeadLetter> pending(int limit) {
        try (Consumer<byte[], byte[]> consumer = open()) {
            return read(consumer, limit).stream().map(this::describe).toList();
        }
    }

    /**
     * Sends up to {@code limit} pending dead letters back to the commands topic and, once the broker
     * has acknowledged every one, moves the group's offsets past them.
     *
     * @param by the subject of the token that asked, or null when it has none
     */
    public synchronized Redriven redrive(int limit, String by) {
        try (Consumer<byte[], byte[]> consumer = open()) {
            List<ConsumerRecord<byte[], byte[]>> records = read(consumer, limit + 1);
            boolean more = records.size() > limit;
            List<ConsumerRecord<byte[], byte[]>> batch = records.subList(0, Math.min(limit, records.size()));
            Map<ConsumerRecord<byte[], byte[]>, CompletableFuture<?>> sends = new LinkedHashMap<>();
            List<NotSentBack> notSentBack = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                String notKept = header(record, DeadLetters.NOT_KEPT_HEADER);
                if (notKept != null) {
                    notSentBack.add(new NotSentBack(describe(record), notKept));
                } else {
                    sends.put(record, kafka.send(backToCommands(record, by)));
                }
                done.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            List<DeadLetter> sent = new ArrayList<>();
            awaitAll(sends.values());
            sends.forEach((record, send) -> {
                RecordTooLargeException tooLarge =
                        DeadLetters.tooLarge(send.handle((ok, error) -> error).join());
                if (tooLarge == null) {
                    sent.add(describe(record));
                } else {
                    notSentBack.add(new NotSentBack(
                            describe(record),
                            properties.commandsTopic() + " refused it as too large with the re-drive's headers ("
                                    + Failures.describe(tooLarge) + ")"));
                }
            });
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
            metrics.redriven(sent.size());
            return new Redriven(sent.size(), sent, notSentBack, more);
        }
    }

    private Consumer<byte[], byte[]> open() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return consumers.createConsumer(properties.deadLetterGroup(), null, "-dead-letters", overrides);
    }

    /** From the group's committed offsets (or the start) up to the end as it is now. */
    private List<ConsumerRecord<byte[], byte[]>> read(Consumer<byte[], byte[]> consumer, int limit) {
        List<TopicPartition> partitions = TopicReader.assignAll(consumer, properties.deadLetterTopic(), READ_TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata from = committed.get(partition);
            consumer.seek(partition, Math.max(from == null ? 0 : from.offset(), beginning.get(partition)));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicReader.readToEnd(
                consumer, partitions, READ_TIMEOUT, record -> records.size() < limit && records.add(record));
        return records;
    }

    private ProducerRecord<byte[], byte[]> backToCommands(ConsumerRecord<byte[], byte[]> record, String by) {
        ProducerRecord<byte[], byte[]> again =
                new ProducerRecord<>(properties.commandsTopic(), null, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(KafkaHeaders.PREFIX + "dlt-")
                    && !header.key().equals(DeadLetters.REASON_HEADER)
                    && !header.key().equals(REDRIVEN_FROM_HEADER)
                    && !header.key().equals(REDRIVEN_BY_HEADER)) {
                again.headers().add(header);
            }
        }
        String from = record.topic() + "-" + record.partition() + "@" + record.offset();
        again.headers().add(REDRIVEN_FROM_HEADER, from.getBytes(StandardCharsets.UTF_8));
        if (by != null) {
            again.headers().add(REDRIVEN_BY_HEADER, by.getBytes(StandardCharsets.UTF_8));
        }
        return again;
    }

    private DeadLetter describe(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String reason = header(record, DeadLetters.REASON_HEADER);
        Long originalPartition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        return new DeadLetter(
                record.partition(),
                record.offset(),
                KeptKeys.shown(record.key()),
                reader.commandIdOf(value),
                reason == null ? "RETRIES_EXHAUSTED" : reason,
                header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
                header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                originalPartition == null ? null : originalPartition.intValue(),
                number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET),
                Instant.ofEpochMilli(record.timestamp()),
                value.length,
                vouches.find(record) instanceof SenderVouches.Found.Valid valid
                        ? valid.vouch().checkedAt()
                        : null,
                header(record, DeadLetters.NOT_KEPT_HEADER));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Partition and offset are 4- and 8-byte big-endian integers, as Spring Kafka writes them. */
    private static Long number(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        ByteBuffer value = ByteBuffer.wrap(header.value());
        return switch (header.value().length) {
            case Integer.BYTES -> (long) value.getInt();
            case Long.BYTES -> value.getLong();
            default -> null;
        };
    }

    /**
     * Waits for every send. A refusal as too large is the record's own, read by the caller; any other
     * failure, or a send not acknowledged in time, fails the re-drive before anything is committed.
     */
    private static void awaitAll(Collection<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving dead letters", e);
        } catch (ExecutionException e) {
            for (CompletableFuture<?> send : sends) {
                Throwable failure = send.handle((ok, error) -> error).join();
                if (failure != null && DeadLetters.tooLarge(failure) == null) {
                    throw new IllegalStateException(
                            "the broker did not acknowledge the re-driven dead letters", failure);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge the re-driven dead letters", e);
        }
    }
}
