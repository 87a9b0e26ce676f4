package com.slaledger.projection;

import com.slaledger.api.json.SlaJson;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProjectionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProjectionServiceApplication.class, args);
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
