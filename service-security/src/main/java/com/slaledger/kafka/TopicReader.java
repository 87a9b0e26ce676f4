package com.slaledger.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic to its end as the end is now: the rebuild, the dead-letter re-drive and the tools
 * all need "every record from here to there, then stop", which Kafka's poll loop does not say by
 * itself. The consumer is assigned every partition (no group membership); its positions say where
 * reading starts.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {}

    /** Assigns every partition of {@code topic} to the consumer and returns them. */
    public static List<TopicPartition> assignAll(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        return partitions;
    }

    /**
     * Hands every record from the consumer's positions up to the partitions' end offsets, taken once
     * at the start, to {@code sink}, and stops there. Stops early when the sink answers false.
     *
     * @return how many records the sink took
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public static <K, V> long readToEnd(
            Consumer<K, V> consumer,
            List<TopicPartition> partitions,
            Duration timeout,
            Predicate<ConsumerRecord<K, V>> sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Instant giveUp = Instant.now().plus(timeout);
        long taken = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException(
                        "could not read " + partitions + " to its end within " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    if (!sink.test(record)) {
                        return taken;
                    }
                    taken++;
                }
            }
        }
        return taken;
    }
}
