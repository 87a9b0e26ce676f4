package com.slaledger.testsupport;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM: the {@code apache/kafka} container where Docker answers, an
 * in-process KRaft broker from Kafka's own jars where it does not.
 */
public final class KafkaServer {

    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);
    private static volatile String bootstrapServers;

    private KafkaServer() {}

    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            synchronized (KafkaServer.class) {
                if (bootstrapServers == null) {
                    bootstrapServers = start();
                }
            }
        }
        return bootstrapServers;
    }

    private static String start() {
        if (Docker.isAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
            container.start();
            log.info("Kafka for tests: Testcontainers at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        // After Spring's hook has closed the test contexts: a JVM runs its shutdown hooks at once,
        // and a broker stopped under a closing context left contract-service's transactional
        // producer waiting out its close timeout (30 s) until Surefire killed the test JVM.
        SpringApplication.getShutdownHandlers().add(broker::destroy);
        log.info("Kafka for tests: embedded KRaft broker (no Docker engine) at {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}
