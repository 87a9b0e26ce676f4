package com.slaledger.projection;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Stands in for contract-service in projection tests: creates {@code contract.events} and publishes
 * envelopes to it, keyed by contract id.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EventsTopic {

    @Bean
    NewTopic contractEvents() {
        return TopicBuilder.name("contract.events").partitions(4).build();
    }

    @Bean
    Publisher eventsPublisher(KafkaAdmin admin) {
        return new Publisher(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                admin.getConfigurationProperties(),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())));
    }

    public record Publisher(KafkaTemplate<String, byte[]> kafka) {
        public void publish(List<EventEnvelope> envelopes) {
            envelopes.forEach(e -> kafka.send(
                    "contract.events", e.contractId(), SlaJson.mapper().writeValueAsBytes(e)));
            kafka.flush();
        }
    }
}
