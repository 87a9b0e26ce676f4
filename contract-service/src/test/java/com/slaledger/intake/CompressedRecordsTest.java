package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.testsupport.KafkaServer;
import com.slaledger.topics.TopicPlan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Integration systems may compress what they send, with any codec Kafka has. A broker measures a
 * compressed batch against the topic's limit at its compressed size; the commands topic is stored
 * uncompressed, so the broker decompresses every such batch and measures it again, and no record
 * the intake reads is larger than the limit, whatever it compressed to (ADR 0043).
 */
@ContractServiceTest
class CompressedRecordsTest {

    private static final List<String> CODECS = List.of("gzip", "snappy", "lz4", "zstd");

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    @Test
    void aCompressedCommandIsReadWhateverItsCodec() throws Exception {
        for (String codec : CODECS) {
            var command = envelope(Party.CLIENT, draft("ZIP-" + codec + "-" + UUID.randomUUID()));
            try (KafkaProducer<byte[], byte[]> sender = compressing(codec)) {
                sender.send(record(bytes(command))).get(30, TimeUnit.SECONDS);
            }
            assertThat(kafka.awaitResult(command.get("commandId").asString()).status())
                    .as(codec)
                    .isEqualTo(CommandResult.Status.ACCEPTED);
        }
    }

    /**
     * Generated records whose bytes compress to a fraction of the topic's limit and are larger than
     * it whole: the broker refuses each, as it refuses such a record sent uncompressed, so none
     * reaches the intake; the next command, compressed alike, is answered.
     */
    @Test
    void aCompressedRecordLargerThanTheTopicsLimitIsRefusedByTheBrokerAndTheNextGetsThrough() throws Exception {
        var samples = Combinators.combine(
                        Arbitraries.of(CODECS),
                        Arbitraries.integers().between(TopicPlan.COMMANDS_MAX_MESSAGE_BYTES + 1, 8 * 1024 * 1024),
                        Arbitraries.of((byte) ' ', (byte) 'a', (byte) 0))
                .as(Tuple::of)
                .list()
                .ofSize(4)
                .sample();
        for (var sample : samples) {
            String codec = sample.get1();
            byte[] bomb = new byte[sample.get2()];
            java.util.Arrays.fill(bomb, sample.get3());
            var next = envelope(Party.CLIENT, draft("ZIP-NEXT-" + UUID.randomUUID()));
            try (KafkaProducer<byte[], byte[]> sender = compressing(codec)) {
                assertThatThrownBy(() -> sender.send(record(bomb)).get(30, TimeUnit.SECONDS))
                        .as("%d bytes of %s, by %s", bomb.length, sample.get3(), codec)
                        .hasCauseInstanceOf(RecordTooLargeException.class);
                sender.send(record(bytes(next))).get(30, TimeUnit.SECONDS);
            }
            assertThat(kafka.awaitResult(next.get("commandId").asString()).status())
                    .isEqualTo(CommandResult.Status.ACCEPTED);
        }
    }

    /**
     * Many records of a fair size from a sender whose batches are no larger than the topic's limit,
     * as ADR 0043 asks of senders: the broker decompresses every batch to store it, and every record
     * is answered (here as {@code INVALID}: each is grown by a member nobody defined).
     */
    @Test
    void compressedBatchesOfRecordsThatEachFitAreStoredDecompressedAndEveryRecordIsAnswered() throws Exception {
        List<String> commandIds = new java.util.ArrayList<>();
        try (KafkaProducer<byte[], byte[]> sender = compressing("zstd")) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                var command = envelope(Party.CLIENT, draft("ZIP-MANY-" + i + "-" + UUID.randomUUID()));
                commandIds.add(command.get("commandId").asString());
                sent.add(sender.send(record(Envelopes.grownTo(command, 30_000))));
            }
            for (var send : sent) {
                send.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(commandIds)
                .allSatisfy(commandId -> assertThat(kafka.awaitResult(commandId).code())
                        .isEqualTo(com.slaledger.api.RejectionCode.INVALID));
    }

    private static ProducerRecord<byte[], byte[]> record(byte[] value) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>("contract.commands", "ZIP".getBytes(StandardCharsets.UTF_8), value);
        record.headers()
                .add(RecordSenders.HEADER, ("Bearer " + KafkaTestClient.TOKEN).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** A sender that compresses with {@code codec} and lets itself send far more than the topic takes. */
    private static KafkaProducer<byte[], byte[]> compressing(String codec) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaServer.bootstrapServers(),
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        codec,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        64 * 1024 * 1024,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        128L * 1024 * 1024,
                        // Batches as large as a sender should make them: the topic's limit (ADR 0043).
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        1024 * 1024,
                        ProducerConfig.LINGER_MS_CONFIG,
                        100),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
