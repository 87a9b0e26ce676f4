package com.slaledger.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The one test setup of both services: import it into a Spring Boot test to get a database of its
 * own on a real PostgreSQL server, logged in as the superuser or, with {@link #LOGIN}, as the
 * service's least-privileged role. Containers or embedded servers are chosen by {@link PostgresServer}
 * and {@link KafkaServer}; the tests are the same either way and never skip.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructure {

    /** The service's own login, when it is not the server's superuser: a role of {@link PostgresServer}. */
    public static final String LOGIN = "sla.test.database.login";

    /**
     * {@code true}: the login may create schemas in the test database and runs the migrations itself;
     * otherwise the superuser runs them as the owner and the login only gets what they grant.
     */
    public static final String LOGIN_OWNS_SCHEMAS = "sla.test.database.login-owns-schemas";

    @Bean(destroyMethod = "close")
    PostgresServer.Database testDatabase(Environment environment) {
        String application = environment.getProperty("spring.application.name", "sla");
        PostgresServer.Database database = PostgresServer.get().createDatabase(application.toLowerCase());
        String login = environment.getProperty(LOGIN);
        if (login != null && environment.getProperty(LOGIN_OWNS_SCHEMAS, Boolean.class, false)) {
            database.allowSchemasFor(login);
        }
        return database;
    }

    @Bean
    DynamicPropertyRegistrar postgresProperties(PostgresServer.Database database, Environment environment) {
        String login = environment.getProperty(LOGIN);
        PostgresServer server = database.server();
        return registry -> {
            registry.add("spring.datasource.url", database::jdbcUrl);
            if (login == null) {
                registry.add("spring.datasource.username", server::username);
                registry.add("spring.datasource.password", server::password);
                return;
            }
            // The roles' passwords are their names (PostgresServer).
            registry.add("spring.datasource.username", () -> login);
            registry.add("spring.datasource.password", () -> login);
            if (!environment.getProperty(LOGIN_OWNS_SCHEMAS, Boolean.class, false)) {
                registry.add("spring.flyway.user", server::username);
                registry.add("spring.flyway.password", server::password);
            }
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
