package com.slaledger.projection;

import com.slaledger.api.json.SlaJson;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProjectionServiceApplication {

    /** Its configuration is {@code projection-service.yml}, so that both services can share one JVM (./run-local). */
    public static final String CONFIG_NAME = "spring.config.name=projection-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProjectionServiceApplication.class)
                .properties(CONFIG_NAME)
                .run(args);
    }

    /** The one JSON setup of shared-events, for the REST API too. */
    @Bean
    JsonMapperBuilderCustomizer slaJson() {
        return SlaJson::configure;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
