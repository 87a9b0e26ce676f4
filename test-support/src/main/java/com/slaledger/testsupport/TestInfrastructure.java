package com.slaledger.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The one test setup of both services: import it into a Spring Boot test to get a database of its
 * own on a real PostgreSQL server. Containers or embedded servers are chosen by {@link PostgresServer}
 * and {@link KafkaServer}; the tests are the same either way and never skip.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructure {

    @Bean(destroyMethod = "close")
    PostgresServer.Database testDatabase(org.springframework.core.env.Environment environment) {
        String application = environment.getProperty("spring.application.name", "sla");
        return PostgresServer.get().createDatabase(application.toLowerCase());
    }

    @Bean
    DynamicPropertyRegistrar postgresProperties(PostgresServer.Database database) {
        return registry -> {
            registry.add("spring.datasource.url", database::jdbcUrl);
            registry.add("spring.datasource.username", database.server()::username);
            registry.add("spring.datasource.password", database.server()::password);
        };
    }

    /** Kafka for tests that need it: import next to {@link TestInfrastructure}. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class WithKafka {

        @Bean
        DynamicPropertyRegistrar kafkaProperties() {
            return registry -> registry.add("spring.kafka.bootstrap-servers", KafkaServer::bootstrapServers);
        }
    }
}
