package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A rebuild lane's waiting batch gives its writer back the records it was given, whatever their
 * values (none, empty, larger than the lane's buffers), and reuses its lane's direct buffers.
 */
class WaitingRecordsTest {

    @Property(tries = 500)
    void theWriterGetsBackWhatTheReaderHandedOver(
            @ForAll("records") List<ConsumerRecord<String, byte[]>> records,
            @ForAll @IntRange(min = 1, max = 4096) int slabBytes) {
        WaitingRecords.Slabs slabs = new WaitingRecords.Slabs(slabBytes);
        WaitingRecords waiting = new WaitingRecords(slabs, 8);
        records.forEach(waiting::add);

        List<ConsumerRecord<String, byte[]>> taken = waiting.take();

        assertThat(taken).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> given = records.get(i);
            ConsumerRecord<String, byte[]> back = taken.get(i);
            assertThat(back.topic()).isEqualTo(given.topic());
            assertThat(back.partition()).isEqualTo(given.partition());
            assertThat(back.offset()).isEqualTo(given.offset());
            assertThat(back.key()).isEqualTo(given.key());
            assertThat(back.value()).isEqualTo(given.value());
        }
        assertThat(waiting.isEmpty()).isTrue();
    }

    @Test
    void aLaneReusesItsBuffersFromBatchToBatch() {
        WaitingRecords.Slabs slabs = new WaitingRecords.Slabs(64);
        ByteBuffer first = slabs.take();
        assertThat(first.isDirect()).isTrue();
        slabs.give(first);

        WaitingRecords one = new WaitingRecords(slabs, 2);
        one.add(record(0, new byte[] {1, 2, 3}));
        assertThat(slabs.free()).isZero();
        assertThat(one.take()).extracting(ConsumerRecord::value).containsExactly(new byte[] {1, 2, 3});
        assertThat(slabs.free()).isEqualTo(1);

        WaitingRecords two = new WaitingRecords(slabs, 2);
        two.add(record(1, new byte[] {9}));
        assertThat(slabs.free()).as("the first batch's buffer, taken again").isZero();
        assertThat(two.take()).extracting(ConsumerRecord::value).containsExactly(new byte[] {9});
    }

    @Test
    void aBatchWithoutValuesNeedsNoBuffer() {
        WaitingRecords.Slabs slabs = new WaitingRecords.Slabs(64);
        WaitingRecords tombstones = new WaitingRecords(slabs, 1);
        tombstones.add(record(0, null));

        assertThat(tombstones.take())
                .singleElement()
                .extracting(ConsumerRecord::value)
                .isNull();
        assertThat(slabs.free()).isZero();
    }

    @Provide
    Arbitrary<List<ConsumerRecord<String, byte[]>>> records() {
        Arbitrary<byte[]> values = Arbitraries.oneOf(
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(0),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(3000).ofMaxSize(9000))
                .injectNull(0.15);
        Arbitrary<ConsumerRecord<String, byte[]>> record = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.longs().between(0, Long.MAX_VALUE),
                        Arbitraries.strings().ofMaxLength(30).injectNull(0.1),
                        values)
                .as((partition, offset, key, value) ->
                        new ConsumerRecord<>("contract.events", partition, offset, key, value));
        return record.list().ofMaxSize(40);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("contract.events", 0, offset, "SLA-A", value);
    }
}
