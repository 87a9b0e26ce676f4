package com.slaledger.intake;

import com.slaledger.failure.Failures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Puts a record that cannot be processed on the dead-letter topic with its original key and bytes,
 * and headers saying why and where it came from. Uses Spring Kafka's header names and encodings
 * (partition and offset as 4- and 8-byte big-endian integers), so records dead-lettered here and by
 * the error handler read alike.
 *
 * <p>Where the record's sender is known by its token, or by an earlier vouch, the service vouches for
 * that sender ({@link SenderVouches}, ADR 0022), so that a re-drive after the fix is not refused only
 * because the token has expired meanwhile. A vouch is the sender check's answer at the moment of
 * dead-lettering; a record whose sender is refused then, or cannot be checked, goes without one.
 */
@Component
public class DeadLetters {

    public static final String REASON_HEADER = "sla-dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final IntakeProperties properties;
    private final IntakeMetrics metrics;
    private final RecordSenders senders;
    private final SenderVouches vouches;

    public DeadLetters(
            KafkaTemplate<String, byte[]> kafka,
            IntakeProperties properties,
            IntakeMetrics metrics,
            RecordSenders senders,
            SenderVouches vouches) {
        this.kafka = kafka;
        this.properties = properties;
        this.metrics = metrics;
        this.senders = senders;
        this.vouches = vouches;
    }

    /**
     * Sends the record's original key and bytes with the reason, and waits for the broker. Builds
     * nothing from the record's content, so it cannot fail on what the record holds (a failure of the
     * sender check only leaves the vouch out); only a broker failure makes it throw, and the
     * container then retries.
     */
    public void send(ConsumerRecord<?, ?> source, String reason, String message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                properties.deadLetterTopic(), null, keyOf(source), source.value() instanceof byte[] b ? b : null);
        Headers headers = record.headers();
        source.headers().forEach(headers::add);
        headers.add(REASON_HEADER, bytes(reason));
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(message));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(reason));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(source.topic()));
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(source.partition()).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(source.offset()).array());
        vouch(source, record);
        try {
            kafka.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not dead-letter a record", e.getCause());
        }
        metrics.deadLettered(reason);
    }

    private void vouch(ConsumerRecord<?, ?> source, ProducerRecord<String, byte[]> record) {
        try {
            if (senders.of(source) instanceof RecordSenders.Sender.Known known
                    && known.checkedAt().isPresent()) {
                vouches.seal(
                        record.headers(),
                        record.key(),
                        record.value(),
                        new SenderVouches.Vouch(
                                known.checkedAt().get(),
                                known.parties().map(List::copyOf).orElse(null)));
            }
        } catch (RuntimeException e) {
            log.warn(
                    "dead-lettering {}-{}@{} without a vouch for its sender: {}",
                    source.topic(),
                    source.partition(),
                    source.offset(),
                    Failures.describe(e));
        }
    }

    private static String keyOf(ConsumerRecord<?, ?> source) {
        Object key = source.key();
        return key == null ? null : key.toString();
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
