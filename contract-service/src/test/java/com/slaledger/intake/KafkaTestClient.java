package com.slaledger.intake;

import static org.awaitility.Awaitility.await;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.KafkaServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An integration system in miniature: sends command records and collects results and dead letters.
 * A test class holds one in a static {@code @RegisterExtension} field, which closes it after the class.
 */
public final class KafkaTestClient implements AutoCloseable, AfterAllCallback {

    /** Keys as bytes, so that a test can send any key; the text keys below are sent as their UTF-8. */
    private final KafkaProducer<byte[], byte[]> producer;

    private final Map<String, List<CommandResult>> results = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> redriven = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public KafkaTestClient() {
        String servers = KafkaServer.bootstrapServers();
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        // Room for a dead letter as large as the dead-letter topic takes (sendTo).
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        2 * 1024 * 1024),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-client-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of("contract.command-results", "contract.commands.dlt", "contract.commands"));
        poller = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                                if (record.topic().equals("contract.commands.dlt")) {
                                    deadLetters.add(record);
                                } else if (record.topic().equals("contract.commands")) {
                                    if (record.headers().lastHeader(DeadLetterRedrive.REDRIVEN_FROM_HEADER) != null) {
                                        redriven.add(record);
                                    }
                                } else {
                                    CommandResult result =
                                            SlaJson.mapper().readValue(record.value(), CommandResult.class);
                                    results.computeIfAbsent(result.commandId(), id -> new CopyOnWriteArrayList<>())
                                            .add(result);
                                }
                            }
                        }
                    }
                },
                "kafka-test-client");
        poller.start();
    }

    /** The token every record of this client carries unless a test says otherwise: a whole-ledger integration. */
    static final String TOKEN = com.slaledger.testsupport.TestTokens.withRoles("INTEGRATION");

    public void send(String key, byte[] value) {
        send(key, value, TOKEN);
    }

    /** Sends with the given bearer token in the record's {@code authorization} header; none when null. */
    void send(String key, byte[] value, String token) {
        try {
            producer.send(record(key, value, token)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String key, byte[] value, String token) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("contract.commands", utf8(key), value);
        if (token != null) {
            record.headers()
                    .add(RecordSenders.HEADER, ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Sends without waiting for the broker; {@link #flush} waits for every record sent so. */
    void sendAsync(String key, byte[] value) {
        producer.send(record(key, value, TOKEN));
    }

    /** Sends with the given {@code authorization} header values, as bytes and in this order, without waiting. */
    void sendAsyncWithHeaders(String key, byte[] value, List<byte[]> authorization) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("contract.commands", utf8(key), value);
        authorization.forEach(header -> record.headers().add(RecordSenders.HEADER, header));
        producer.send(record);
    }

    /** Sends a record to any topic, with headers as text, and waits for the broker. */
    void sendTo(String topic, String key, byte[] value, Map<String, String> headers) {
        sendTo(topic, null, utf8(key), value, headers);
    }

    /**
     * Sends a record with a key of any bytes to any topic, to the given partition (or the one its key
     * picks when null), with headers as text; waits for the broker and says where it went.
     */
    RecordMetadata sendTo(String topic, Integer partition, byte[] key, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, key, value);
        headers.forEach((name, text) -> record.headers().add(name, utf8(text)));
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every record on a topic, from its start to its end as it is now, with keys as the bytes they
     * are: the records collected above read keys as text, which alters a key that is not UTF-8.
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaServer.bootstrapServers(),
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        4 * 1024 * 1024),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + end + " in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Sends a record as it would be read back (key, bytes and headers) to the commands topic, without waiting. */
    void sendAsync(ConsumerRecord<String, byte[]> record) {
        ProducerRecord<byte[], byte[]> again =
                new ProducerRecord<>("contract.commands", utf8(record.key()), record.value());
        record.headers().forEach(again.headers()::add);
        producer.send(again);
    }

    void flush() {
        producer.flush();
    }

    public CommandResult awaitResult(String commandId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !resultsFor(commandId).isEmpty());
        return resultsFor(commandId).get(0);
    }

    List<CommandResult> resultsFor(String commandId) {
        return results.getOrDefault(commandId, List.of());
    }

    /** The records on {@code contract.commands} that a re-drive sent back. */
    List<ConsumerRecord<String, byte[]>> redriven() {
        return List.copyOf(redriven);
    }

    List<ConsumerRecord<String, byte[]>> deadLetters() {
        return deadLetters;
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
        producer.close();
    }
}
