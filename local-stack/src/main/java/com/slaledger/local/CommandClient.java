package com.slaledger.local;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import com.slaledger.kafka.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * An integration system in miniature: sends command envelopes to contract.commands with the real
 * Kafka client and completes one future per commandId when its result arrives. Used by the demo,
 * {@code ./run-local send}, the end-to-end test and the benchmarks.
 */
public final class CommandClient implements AutoCloseable {

    /**
     * A result, how long it took from sending to its arrival, and when it arrived by the wall
     * clock, which on one machine shows how much of that came after the service's decision.
     */
    public record Answer(CommandResult result, long sentNanos, long answeredNanos, Instant answeredAt) {
        public double millis() {
            return (answeredNanos - sentNanos) / 1e6;
        }

        /** From the service's {@code processedAt} to the arrival: commit, result send and fetch. */
        public double millisAfterDecision() {
            return Duration.between(result.processedAt(), answeredAt).toNanos() / 1e6;
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final byte[] authorization;
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** @param token the sender's bearer token (role INTEGRATION), sent with every record */
    public CommandClient(String bootstrapServers, String token) {
        this(bootstrapServers, Map.of(), token);
    }

    /**
     * @param security extra client settings, such as {@link #security(Map)} makes from the environment
     * @param token the sender's bearer token (role INTEGRATION), sent with every record in the
     *     header {@code authorization}
     */
    public CommandClient(String bootstrapServers, Map<String, Object> security, String token) {
        this(bootstrapServers, security, token, Duration.ofSeconds(60));
    }

    /**
     * @param connectWithin how long to wait for the broker to name the results topic's partitions;
     *     Kafka's {@code TimeoutException} when it does not
     */
    public CommandClient(String bootstrapServers, Map<String, Object> security, String token, Duration connectWithin) {
        this.authorization = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> producerConfig = new HashMap<>(security);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        // No group: the results consumer assigns every partition itself and commits nothing.
        Map<String, Object> consumerConfig = new HashMap<>(security);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> results =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions;
        try {
            partitions = TopicReader.assignAll(results, "contract.command-results", connectWithin);
        } catch (RuntimeException e) {
            results.close(Duration.ZERO);
            producer.close(Duration.ZERO);
            throw e;
        }
        results.seekToEnd(partitions);
        partitions.forEach(results::position);
        poller = new Thread(() -> poll(results), "sla-client-results");
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * SASL settings from {@code SLA_KAFKA_SECURITY_PROTOCOL}, {@code SLA_KAFKA_SASL_MECHANISM},
     * {@code SLA_KAFKA_USERNAME} and {@code SLA_KAFKA_PASSWORD}, the variables the services read;
     * empty when the protocol is unset or PLAINTEXT.
     */
    public static Map<String, Object> security(Map<String, String> environment) {
        String protocol = environment.getOrDefault("SLA_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        if (protocol.equals("PLAINTEXT")) {
            return Map.of();
        }
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                protocol,
                SaslConfigs.SASL_MECHANISM,
                environment.getOrDefault("SLA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + environment.getOrDefault("SLA_KAFKA_USERNAME", "") + "\" password=\""
                        + environment.getOrDefault("SLA_KAFKA_PASSWORD", "") + "\";");
    }

    private void poll(KafkaConsumer<String, byte[]> results) {
        try (results) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    CommandResult result = SlaJson.mapper().readValue(record.value(), CommandResult.class);
                    CompletableFuture<Answer> future = pending.remove(result.commandId());
                    Long sent = sentAt.remove(result.commandId());
                    if (future != null && sent != null) {
                        future.complete(new Answer(result, sent, now, Instant.now()));
                    }
                }
            }
        }
    }

    /** Sends one envelope (a commandId is added when missing); the future completes with its result. */
    public CompletableFuture<Answer> send(ObjectNode envelope) {
        if (!envelope.hasNonNull("commandId")) {
            envelope.put("commandId", UUID.randomUUID().toString());
        }
        String commandId = envelope.get("commandId").asString();
        CompletableFuture<Answer> future = new CompletableFuture<>();
        pending.put(commandId, future);
        sentAt.put(commandId, System.nanoTime());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                "contract.commands",
                envelope.path("contractId").asString(commandId),
                SlaJson.mapper().writeValueAsBytes(envelope));
        record.headers().add("authorization", authorization);
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                pending.remove(commandId);
                future.completeExceptionally(error);
            }
        });
        return future;
    }

    public Answer sendAndWait(ObjectNode envelope) {
        return send(envelope).orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** Sends one envelope and waits for its result. */
    public CommandResult send(ObjectNode envelope, Duration timeout) {
        return send(envelope)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .join()
                .result();
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
