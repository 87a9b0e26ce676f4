package com.slaledger.intake;

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
import org.springframework.stereotype.Component;

/**
 * Counts the records of {@code contract.commands} that the broker deleted (a retention, {@code
 * kafka-delete-records}) before the intake read them (ADR 0044). Kafka's consumer moves a place it
 * no longer has to the first record left ({@code auto.offset.reset=earliest}) and logs that at INFO:
 * the commands in between were never carried out and never answered, and nothing said so. They are
 * gone, so nothing can carry them out; each is counted ({@code sla.commands.deleted-unread}) and
 * logged as an error with its offsets, and the intake reads on.
 *
 * <ul>
 *   <li>When the intake takes a partition, its place (the committed offset) is compared with the
 *       partition's first record: a place before it lost the records in between, and the intake
 *       moves to the first record left. A partition without a committed offset is read from its
 *       first record; nothing was read there, so nothing known is lost.
 *   <li>While it reads, a poll whose first record of a partition lies past where the last poll
 *       ended is checked against the partition's first record: the consumer moved past deleted
 *       records by itself. Such a jump is otherwise only a transaction's marker or aborted records
 *       (ADR 0042), and costs one look-up of the first offset.
 * </ul>
 *
 * A place past the partition's end (its log cut back by the broker, or the topic made again) is
 * read again from the first record; commands answered before are answered again from their stored
 * results.
 */
@Component
public class DeletedCommands implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DeletedCommands.class);

    private final IntakeMetrics metrics;

    /** Per partition the intake has, the offset after the last record it was given. */
    private final Map<TopicPartition, Long> nextUnread = new ConcurrentHashMap<>();

    public DeletedCommands(IntakeMetrics metrics) {
        this.metrics = metrics;
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
    void check(List<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer) {
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
        metrics.deletedUnread(partition.partition(), firstLeft - from);
        log.error(
                "{}: the records at offsets {} to {} were deleted before the intake read them; their"
                        + " commands were not carried out and their senders get no result. Reading on"
                        + " from offset {}",
                partition,
                from,
                firstLeft - 1,
                firstLeft);
    }
}
