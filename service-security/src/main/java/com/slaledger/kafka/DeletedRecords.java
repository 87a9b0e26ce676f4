package com.slaledger.kafka;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Counts the records a listener's topic lost before the listener read them: deleted by a retention
 * or by {@code kafka-delete-records} (ADR 0044). Kafka's consumer moves a place it no longer has to
 * the first record left ({@code auto.offset.reset=earliest}) and says so only at INFO in its own
 * log; the records in between were never handled, and nothing of the service said so. They are gone,
 * so nothing can handle them; each run of them is counted and logged as an error with its offsets,
 * and the listener reads on. The listener's container has this as its rebalance listener, and the
 * listener calls {@link #check} with each poll.
 *
 * <ul>
 *   <li>When the listener takes a partition, its place (the committed offset) is compared with the
 *       partition's first record: a place before it lost the records in between, and the consumer
 *       moves to the first record left. A partition without a committed offset is read from its
 *       first record; nothing was read there, so nothing known is lost.
 *   <li>While it reads, a poll whose first record of a partition lies past where the last poll
 *       ended is checked against the partition's first record: the consumer moved past deleted
 *       records by itself. Such a jump is otherwise only a transaction's marker or aborted records
 *       (ADR 0042), and costs one look-up of the first offset.
 * </ul>
 *
 * A place past the partition's end (its log cut back by the broker, or the topic made again) is
 * read again from the first record, as {@code earliest} does; both listeners handle a record read
 * twice as they handle any redelivery.
 */
public class DeletedRecords implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DeletedRecords.class);

    /** Where a run of deleted records is counted. */
    public interface Counter {
        void deleted(TopicPartition partition, long records);
    }

    private final String whatIsLost;
    private final Counter counter;

    /** Per partition the listener has, the offset after the last record it was given. */
    private final Map<TopicPartition, Long> nextUnread = new ConcurrentHashMap<>();

    /**
     * @param whatIsLost what the deleted records mean to the service, for the log: "their commands
     *     were not carried out", say
     */
    public DeletedRecords(String whatIsLost, Counter counter) {
        this.whatIsLost = whatIsLost;
        this.counter = counter;
    }

    /** Runs inside the poll that took the partitions, after their places were looked up. */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long place = consumer.position(partition);
            long firstLeft = first.getOrDefault(partition, place);
            if (place < firstLeft) {
                lost(partition, place, firstLeft);
                consumer.seek(partition, firstLeft);
                place = firstLeft;
            }
            nextUnread.put(partition, place);
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(nextUnread::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(nextUnread::remove);
    }

    /** Before a poll is handled: counts what the consumer moved past since the last one. */
    public void check(List<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer) {
        Map<TopicPartition, long[]> span = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            span.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p ->
                            new long[] {record.offset(), record.offset()})[1] =
                    record.offset();
        }
        span.forEach((partition, firstAndLast) -> {
            Long expected = nextUnread.get(partition);
            if (expected != null && firstAndLast[0] > expected) {
                long firstLeft = consumer.beginningOffsets(Set.of(partition)).getOrDefault(partition, expected);
                if (firstLeft > expected) {
                    lost(partition, expected, Math.min(firstLeft, firstAndLast[0]));
                }
            }
            nextUnread.put(partition, firstAndLast[1] + 1);
        });
    }

    private void lost(TopicPartition partition, long from, long firstLeft) {
        counter.deleted(partition, firstLeft - from);
        log.error(
                "{}: the records at offsets {} to {} were deleted before they were read; {}. Reading on"
                        + " from offset {}",
                partition,
                from,
                firstLeft - 1,
                whatIsLost,
                firstLeft);
    }
}
