package com.slaledger.intake;

import com.slaledger.failure.Failures;
import com.slaledger.topics.TopicPlan;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /**
     * On a stand-in for a record the dead-letter topic refused as too large (the topic's limit
     * below the commands topic's): the record's size and where it stays (ADR 0031). Such a dead
     * letter has an empty value and is not re-driven.
     */
    public static final String NOT_KEPT_HEADER = "sla-dlt-not-kept";

    /** The most of a dead letter's message kept in its header: the dead-letter topic's headroom holds it. */
    static final int MESSAGE_BYTES = 8 * 1024;

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KeptKeys kafka;
    private final IntakeProperties properties;
    private final IntakeMetrics metrics;
    private final RecordSenders senders;
    private final SenderVouches vouches;

    public DeadLetters(
            KeptKeys kafka,
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
     * Sends the record's original key and bytes, as they came, with the reason, and waits for the broker. Builds
     * nothing from the record's content, so it cannot fail on what the record holds (a failure of the
     * sender check only leaves the vouch out); only a broker failure makes it throw, and the
     * container then retries.
     */
    public void send(ConsumerRecord<?, ?> source, String reason, String message) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                properties.deadLetterTopic(),
                null,
                KeptKeys.bytesOf(source.key()),
                source.value() instanceof byte[] b ? b : null);
        Headers headers = record.headers();
        source.headers().forEach(headers::add);
        why(headers, source, reason, message);
        vouch(source, record);
        RecordTooLargeException tooLarge = sendAndWait(record);
        if (tooLarge != null) {
            sendNotKept(source, reason, message, tooLarge);
        }
        metrics.deadLettered(reason);
    }

    /**
     * Sends and waits for the broker. Returns the topic's refusal of the record as too large, for
     * the caller to settle; any other failure is thrown, and the container retries.
     */
    private RecordTooLargeException sendAndWait(ProducerRecord<byte[], byte[]> record) {
        try {
            kafka.send(record).get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException e) {
            RecordTooLargeException tooLarge = tooLarge(e.getCause());
            if (tooLarge == null) {
                throw new IllegalStateException("could not dead-letter a record", e.getCause());
            }
            return tooLarge;
        }
    }

    /**
     * The dead-letter topic refused the record as too large: its limit is below what the commands
     * topic took (topics made before, or by hand, ADR 0031). Retrying the same bytes would meet the
     * same limit and stop the partition for good, so a stand-in goes instead, with the reason, where
     * the record stays and how large it was, and the operator is told to raise the limit. The
     * stand-in keeps the record's key only up to {@link #MESSAGE_BYTES}: a larger key alone could
     * make it too large as well (ADR 0032).
     */
    private void sendNotKept(
            ConsumerRecord<?, ?> source, String reason, String message, RecordTooLargeException refusal) {
        int size = source.value() instanceof byte[] b ? b.length : 0;
        byte[] key = KeptKeys.bytesOf(source.key());
        boolean keyKept = key == null || key.length <= MESSAGE_BYTES;
        String where = source.topic() + "-" + source.partition() + "@" + source.offset();
        String notKept = "the dead-letter topic refused the record's " + size + " bytes"
                + (keyKept ? "" : " and its key of " + key.length + " bytes")
                + " (" + Failures.describe(refusal)
                + "); it stays at " + where + " until that topic's retention. The next start raises "
                + properties.deadLetterTopic() + "'s max.message.bytes to "
                + TopicPlan.DEAD_LETTER_HEADROOM + " bytes above " + source.topic()
                + "'s where it may (ADR 0037); or raise it by hand (README)";
        log.error("dead-lettering {} without its bytes: {}", where, notKept);
        // Empty rather than null: a consumer of the topic that reads every value as bytes keeps working.
        ProducerRecord<byte[], byte[]> standIn =
                new ProducerRecord<>(properties.deadLetterTopic(), null, keyKept ? key : null, new byte[0]);
        why(standIn.headers(), source, reason, message);
        standIn.headers().add(NOT_KEPT_HEADER, bytes(notKept));
        RecordTooLargeException standInTooLarge = sendAndWait(standIn);
        if (standInTooLarge != null) {
            throw new IllegalStateException("could not dead-letter a record", standInTooLarge);
        }
    }

    /** The refusal of a record as too large, by the producer or the broker, among a send's causes. */
    static RecordTooLargeException tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException refusal) {
                return refusal;
            }
        }
        return null;
    }

    /** Why and from where: the reason, its message (cut to {@link #MESSAGE_BYTES}), the original topic, partition and offset. */
    private static void why(Headers headers, ConsumerRecord<?, ?> source, String reason, String message) {
        headers.add(REASON_HEADER, bytes(reason));
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(cut(message)));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(reason));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(source.topic()));
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(source.partition()).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(source.offset()).array());
    }

    private void vouch(ConsumerRecord<?, ?> source, ProducerRecord<byte[], byte[]> record) {
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

    /** At most {@link #MESSAGE_BYTES} in UTF-8: a quarter as many characters, then "...". */
    static String cut(String message) {
        int chars = MESSAGE_BYTES / 4;
        return message == null || message.length() <= chars ? message : message.substring(0, chars) + "...";
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
