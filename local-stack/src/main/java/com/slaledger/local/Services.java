package com.slaledger.local;

import com.slaledger.ContractServiceApplication;
import com.slaledger.projection.ProjectionServiceApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts contract-service and projection-service in this JVM, each as its own Spring context with
 * its own configuration file, exactly as their jars would run them.
 */
final class Services implements AutoCloseable {

    /**
     * Where the services find their database, broker and port; {@code extra} properties go to both,
     * {@code contractOnly} and {@code projectionOnly} to one of them.
     */
    record Settings(
            String contractDbUrl,
            String projectionDbUrl,
            String dbUser,
            String dbPassword,
            String kafkaBootstrapServers,
            int contractPort,
            int projectionPort,
            Map<String, String> extra,
            Map<String, String> contractOnly,
            Map<String, String> projectionOnly) {}

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    static Services start(Settings settings) {
        Services services = new Services();
        services.contexts.add(run(
                ContractServiceApplication.class,
                ContractServiceApplication.CONFIG_NAME,
                settings,
                settings.contractOnly(),
                settings.contractDbUrl(),
                settings.contractPort()));
        // The auditor's page shows contract-service's verify answer too: tell the projection where it runs.
        Map<String, String> projectionOnly = new java.util.HashMap<>(Map.of(
                "sla.projection.contract-service-url",
                "http://localhost:" + services.contract().getEnvironment().getProperty("local.server.port")));
        projectionOnly.putAll(settings.projectionOnly());
        services.contexts.add(run(
                ProjectionServiceApplication.class,
                ProjectionServiceApplication.CONFIG_NAME,
                settings,
                projectionOnly,
                settings.projectionDbUrl(),
                settings.projectionPort()));
        return services;
    }

    private static ConfigurableApplicationContext run(
            Class<?> application,
            String configName,
            Settings settings,
            Map<String, String> own,
            String dbUrl,
            int port) {
        List<String> properties = new ArrayList<>(List.of(
                configName,
                "spring.datasource.url=" + dbUrl,
                "spring.datasource.username=" + settings.dbUser(),
                "spring.datasource.password=" + settings.dbPassword(),
                "spring.kafka.bootstrap-servers=" + settings.kafkaBootstrapServers(),
                "server.port=" + port));
        settings.extra().forEach((key, value) -> properties.add(key + "=" + value));
        own.forEach((key, value) -> properties.add(key + "=" + value));
        // As command-line arguments: they outrank the environment variables the configuration files read.
        return new SpringApplicationBuilder(application)
                .registerShutdownHook(false)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    ConfigurableApplicationContext contract() {
        return contexts.get(0);
    }

    ConfigurableApplicationContext projection() {
        return contexts.get(1);
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
