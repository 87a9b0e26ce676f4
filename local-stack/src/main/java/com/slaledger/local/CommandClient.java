package com.slaledger.local;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** Sends command envelopes to contract.commands and waits for each one's result, as an integration system would. */
final class CommandClient implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> results;

    CommandClient(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        results = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "sla-cli-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                results.partitionsFor("contract.command-results", Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(results::position);
    }

    /** Sends one envelope (a commandId is added when missing) and returns its result. */
    CommandResult send(ObjectNode envelope, Duration timeout) {
        if (!envelope.hasNonNull("commandId")) {
            envelope.put("commandId", UUID.randomUUID().toString());
        }
        String commandId = envelope.get("commandId").asString();
        String key = envelope.path("contractId").asString(commandId);
        try {
            producer.send(new ProducerRecord<>(
                            "contract.commands", key, SlaJson.mapper().writeValueAsBytes(envelope)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + commandId, e);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                CommandResult result = SlaJson.mapper().readValue(record.value(), CommandResult.class);
                if (commandId.equals(result.commandId())) {
                    return result;
                }
            }
        }
        throw new IllegalStateException("no result for " + commandId + " within " + timeout);
    }

    @Override
    public void close() {
        producer.close();
        results.close();
    }
}
