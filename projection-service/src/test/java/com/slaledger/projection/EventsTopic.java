package com.slaledger.projection;

import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.contractview.ContractViews;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    Publisher eventsPublisher(KafkaAdmin admin, ContractViews views) {
        return new Publisher(
                new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                        admin.getConfigurationProperties(),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())),
                views);
    }

    public record Publisher(KafkaTemplate<String, byte[]> kafka, ContractViews views) {
        public void publish(List<EventEnvelope> envelopes) {
            envelopes.forEach(e -> kafka.send(
                    "contract.events", e.contractId(), SlaJson.mapper().writeValueAsBytes(e)));
            kafka.flush();
        }

        /**
         * Publishes, then waits until the projection answers the last event of every contract in
         * them: the current view as readers get it (the consumer's write-through cache, else the table).
         */
        public void publishAndAwait(List<EventEnvelope> envelopes) {
            publish(envelopes);
            Map<String, Long> last = envelopes.stream()
                    .collect(Collectors.toMap(EventEnvelope::contractId, EventEnvelope::sequence, Math::max));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> last.entrySet().stream()
                            .allMatch(contract -> views.current(contract.getKey())
                                    .filter(view -> view.lastSequence() >= contract.getValue())
                                    .isPresent()));
        }
    }
}
