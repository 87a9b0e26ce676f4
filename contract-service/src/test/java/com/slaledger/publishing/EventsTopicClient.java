package com.slaledger.publishing;

import com.slaledger.api.event.EventEnvelope;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code contract.events} from the beginning and keeps the envelopes per contract, with their keys. */
final class EventsTopicClient implements AutoCloseable {

    /** One record: its key, its envelope (null when it is not one), and its value as it came. */
    record Received(String key, EventEnvelope envelope, byte[] value) {}

    private final Map<String, List<Received>> byContract = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    EventsTopicClient() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaServer.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "events-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of("contract.events"));
        poller = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                                EventEnvelope envelope = envelope(record.value());
                                byContract
                                        .computeIfAbsent(
                                                envelope == null ? record.key() : envelope.contractId(),
                                                id -> new CopyOnWriteArrayList<>())
                                        .add(new Received(record.key(), envelope, record.value()));
                            }
                        }
                    }
                },
                "events-test-client");
        poller.start();
    }

    /** An unreadable record is kept by its key, so a test sees it instead of a client that stopped. */
    private static EventEnvelope envelope(byte[] value) {
        try {
            return SlaJson.mapper().readValue(value, EventEnvelope.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    List<Received> of(String contractId) {
        return byContract.getOrDefault(contractId, List.of());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
    }
}
