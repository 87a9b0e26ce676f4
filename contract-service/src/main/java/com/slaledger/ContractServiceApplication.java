package com.slaledger;

import com.slaledger.migrate.ContractMigrations;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * contract-service. Scans its own packages only, so that it can share a JVM with projection-service
 * (./run-local) without picking up the other's beans.
 */
@SpringBootApplication(
        scanBasePackages = {
            "com.slaledger.access",
            "com.slaledger.contract",
            "com.slaledger.eventstore",
            "com.slaledger.intake",
            "com.slaledger.publishing",
            "com.slaledger.review",
            "com.slaledger.topics"
        })
@ConfigurationPropertiesScan({"com.slaledger.eventstore", "com.slaledger.intake", "com.slaledger.publishing"})
@EnableScheduling
public class ContractServiceApplication {

    /** Its configuration is {@code contract-service.yml}, so that both services can share one JVM (./run-local). */
    public static final String CONFIG_NAME = "spring.config.name=contract-service";

    /** {@code migrate} as the first argument applies the migrations and exits (ContractMigrations). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ContractMigrations.COMMAND)) {
            ContractMigrations.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        new SpringApplicationBuilder(ContractServiceApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }
}
