package com.slaledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class HeldFetchTest {

    @Test
    void aHoldOfMillisecondsIsTheFetchWaitWithAMinimumNoFetchReaches() {
        assertThat(HeldFetch.settings(Duration.ofMillis(10)))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10")
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(Integer.MAX_VALUE))
                .hasSize(2);
    }

    /** A wait of 0 ms with that minimum would answer every fetch at once: a busy loop. */
    @Test
    void underAMillisecondLeavesKafkasSettings() {
        assertThat(HeldFetch.settings(Duration.ZERO)).isEmpty();
        assertThat(HeldFetch.settings(Duration.ofNanos(500_000))).isEmpty();
    }
}
