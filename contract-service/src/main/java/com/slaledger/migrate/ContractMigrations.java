package com.slaledger.migrate;

import com.slaledger.ContractServiceApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;

/**
 * {@code java -jar contract-service.jar migrate}: applies the event store's migrations as the schema
 * owner ({@code SLA_CONTRACT_DB_OWNER}) and exits, starting nothing else. docker-compose.yml runs it
 * as a one-shot service, so the long-running service never holds the owner's password and runs
 * with {@code SLA_CONTRACT_MIGRATE=false} as the app login. The settings are the service's own
 * ({@code contract-service.yml}), so both read the same URL, locations and placeholders.
 */
public final class ContractMigrations {

    public static final String COMMAND = "migrate";

    private ContractMigrations() {}

    public static void run(String... args) {
        new SpringApplicationBuilder(OnlyFlyway.class)
                .web(WebApplicationType.NONE)
                .properties(ContractServiceApplication.CONFIG_NAME, "spring.flyway.enabled=true")
                .run(args)
                .close();
    }

    /** The data source and Flyway, nothing of Axon, Kafka or the web. */
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class OnlyFlyway {}
}
