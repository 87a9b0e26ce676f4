package com.slaledger.intake;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends records keyed by the bytes a command record came with: its dead letter, and the command a
 * re-drive sends back. The intake reads the commands topic's keys as bytes (ADR 0032); read as
 * text, a key that is not UTF-8 went out altered, three bytes for each it could not read, and one
 * large enough stopped its partition when even the stand-in for its dead letter was too large.
 * Built from the service's producer settings, with only the key's serializer changed.
 */
@Component
public class KeptKeys implements DisposableBean {

    /** The most of a key a dead letter's description shows, in characters. */
    static final int SHOWN_CHARS = 256;

    private final KafkaTemplate<byte[], byte[]> kafka;

    @SuppressWarnings("unchecked")
    public KeptKeys(ProducerFactory<?, ?> producers) {
        this.kafka = new KafkaTemplate<>(
                (ProducerFactory<byte[], byte[]>) producers,
                Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    CompletableFuture<SendResult<byte[], byte[]>> send(ProducerRecord<byte[], byte[]> record) {
        return kafka.send(record);
    }

    /**
     * A record's key as the bytes it carries: the intake reads keys as bytes (ADR 0032); a key held
     * as text (by a client or test that sends text keys) is its UTF-8, the bytes that were sent.
     */
    static byte[] bytesOf(Object key) {
        if (key instanceof byte[] bytes) {
            return bytes;
        }
        return key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A key as a person reads it: its UTF-8 text, with U+FFFD where a byte is not UTF-8, cut at
     * {@link #SHOWN_CHARS} characters. For logs and listings only; what is sent is the bytes.
     */
    static String shown(byte[] key) {
        if (key == null) {
            return null;
        }
        String text = new String(key, StandardCharsets.UTF_8);
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }

    @Override
    public void destroy() {
        kafka.destroy();
    }
}
