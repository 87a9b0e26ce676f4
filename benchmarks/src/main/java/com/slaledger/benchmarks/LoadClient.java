package com.slaledger.benchmarks;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.node.ObjectNode;

/** Sends commands with the real Kafka client and completes a future per commandId when its result arrives. */
final class LoadClient implements AutoCloseable {

    record Answer(CommandResult result, long sentNanos, long answeredNanos) {
        double millis() {
            return (answeredNanos - sentNanos) / 1e6;
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    LoadClient(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        2),
                new StringSerializer(),
                new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor("contract.command-results", Duration.ofSeconds(60)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                                long now = System.nanoTime();
                                CommandResult result = SlaJson.mapper().readValue(record.value(), CommandResult.class);
                                CompletableFuture<Answer> future = pending.remove(result.commandId());
                                Long sent = sentAt.remove(result.commandId());
                                if (future != null && sent != null) {
                                    future.complete(new Answer(result, sent, now));
                                }
                            }
                        }
                    }
                },
                "bench-results");
        poller.start();
    }

    CompletableFuture<Answer> send(ObjectNode envelope) {
        String commandId = UUID.randomUUID().toString();
        envelope.put("commandId", commandId);
        CompletableFuture<Answer> future = new CompletableFuture<>();
        pending.put(commandId, future);
        sentAt.put(commandId, System.nanoTime());
        producer.send(new ProducerRecord<>(
                "contract.commands",
                envelope.get("contractId").asString(),
                SlaJson.mapper().writeValueAsBytes(envelope)));
        return future;
    }

    Answer sendAndWait(ObjectNode envelope) {
        return send(envelope)
                .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .join();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
        producer.close();
    }
}
