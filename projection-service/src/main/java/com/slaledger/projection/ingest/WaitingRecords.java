package com.slaledger.projection.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A batch of one rebuild lane's records while it waits for the lane's writer, with the records'
 * values outside the heap. Each young collection of the rebuild's JVM copied the waiting batches'
 * values (about 2.4 MB a batch, several batches a lane) into the survivor spaces, which could not
 * hold them, and so into the old generation: nearly every record read reached it once, and full
 * collections followed (ADR 0009). Here a value is copied into a direct buffer as it is read, and
 * back into the heap when the writer takes the batch, just before it decodes it.
 *
 * <p>The records the writer gets back have the topic, partition, offset, key and value they were
 * read with, which is what {@link Ingestion} reads of a record; not their timestamps or headers.
 * A buffer comes from the lane's {@link Slabs} with the first value and goes back to it once the
 * batch is taken, so a lane holds as many as it has batches in flight.
 */
final class WaitingRecords {

    private static final int NULL = -1;

    private final Slabs slabs;
    private final List<String> keys;
    private String topic;
    private int[] partitions;
    private long[] offsets;
    private int[] lengths;
    private ByteBuffer values;
    private long bytes;

    WaitingRecords(Slabs slabs, int expected) {
        this.slabs = slabs;
        this.keys = new ArrayList<>(expected);
        this.partitions = new int[Math.max(1, expected)];
        this.offsets = new long[partitions.length];
        this.lengths = new int[partitions.length];
    }

    int size() {
        return keys.size();
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Keeps a record of the lane's topic: its value outside the heap. */
    void add(ConsumerRecord<String, byte[]> record) {
        int i = keys.size();
        if (i == partitions.length) {
            partitions = Arrays.copyOf(partitions, i * 2);
            offsets = Arrays.copyOf(offsets, i * 2);
            lengths = Arrays.copyOf(lengths, i * 2);
        }
        topic = record.topic();
        keys.add(record.key());
        partitions[i] = record.partition();
        offsets[i] = record.offset();
        byte[] value = record.value();
        if (value == null) {
            lengths[i] = NULL;
            return;
        }
        if (values == null) {
            values = slabs.take();
        }
        if (values.remaining() < value.length) {
            values = slabs.grown(values, value.length);
        }
        values.put(value);
        lengths[i] = value.length;
        bytes += value.length;
    }

    /** The bytes of the values kept so far. */
    long bytes() {
        return bytes;
    }

    /**
     * The records, with their values back in the heap; the buffer goes back to the lane, and this
     * batch is empty again.
     */
    List<ConsumerRecord<String, byte[]>> take() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(keys.size());
        ByteBuffer read = values == null ? null : values.flip();
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = null;
            if (lengths[i] != NULL) {
                value = new byte[lengths[i]];
                read.get(value);
            }
            records.add(new ConsumerRecord<>(topic, partitions[i], offsets[i], keys.get(i), value));
        }
        if (values != null) {
            slabs.give(values);
            values = null;
        }
        keys.clear();
        return records;
    }

    /**
     * One lane's direct buffers, reused from batch to batch: a direct buffer's memory is freed only
     * when a collection finds it unreachable, so the lane keeps its own instead of leaving them to
     * the collector. Shared by the lane's reading thread, which takes them, and its writer, which
     * gives them back.
     */
    static final class Slabs {

        private final int capacity;
        private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

        /** @param capacity bytes of a new buffer; a batch whose values need more gets a larger one */
        Slabs(int capacity) {
            this.capacity = capacity;
        }

        ByteBuffer take() {
            ByteBuffer buffer = free.poll();
            return buffer == null ? ByteBuffer.allocateDirect(capacity) : buffer.clear();
        }

        void give(ByteBuffer buffer) {
            free.add(buffer);
        }

        /**
         * A buffer with room for {@code more} bytes after what {@code full} holds, and those bytes
         * in it. The smaller one is dropped, not kept, so the lane's buffers grow to its largest
         * batch and stay that size.
         */
        ByteBuffer grown(ByteBuffer full, int more) {
            long needed = (long) full.position() + more;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a batch of the rebuild holds more than 2 GB of records");
            }
            ByteBuffer larger = ByteBuffer.allocateDirect(
                    (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, 2L * full.capacity())));
            larger.put(full.flip());
            return larger;
        }

        /** Buffers waiting to be reused. */
        int free() {
            return free.size();
        }
    }
}
