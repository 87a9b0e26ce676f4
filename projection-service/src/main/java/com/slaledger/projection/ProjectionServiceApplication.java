package com.slaledger.projection;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProjectionServiceApplication {

    /** Its configuration is {@code projection-service.yml}, so that both services can share one JVM (./run-local). */
    public static final String CONFIG_NAME = "spring.config.name=projection-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProjectionServiceApplication.class)
                // The process is this service's own: one that lost its writer lock exits (ADR 0029).
                .properties(CONFIG_NAME, "sla.projection.writer-lock.exit-process=true")
                .run(args);
    }
}
