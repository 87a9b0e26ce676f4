package com.slaledger.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Consumer settings that make the broker hold every fetch for a set time, whatever has arrived.
 *
 * <p>A consumer sends its next fetch as it hands a poll over, so that the fetch runs while the poll
 * is handled. With Kafka's defaults ({@code fetch.min.bytes} of one byte) the broker answers that
 * fetch with the first record to arrive: the next poll brings only that record, and what arrives
 * after it waits for the poll after. Held, the fetch brings what arrived during the hold, and a poll
 * handled within it is followed by one that takes everything that arrived meanwhile (ADR 0009).
 */
public final class HeldFetch {

    private HeldFetch() {}

    /**
     * The settings for a hold of {@code wait}: {@code fetch.max.wait.ms}, with a {@code
     * fetch.min.bytes} no fetch reaches, so that only the wait ends it. None (Kafka's own) under a
     * millisecond: a hold of 0 ms would answer every fetch at once, empty or not.
     */
    public static Map<String, Object> settings(Duration wait) {
        if (wait.toMillis() < 1) {
            return Map.of();
        }
        return Map.of(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                String.valueOf(wait.toMillis()),
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                String.valueOf(Integer.MAX_VALUE));
    }
}
