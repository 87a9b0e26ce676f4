package com.slaledger;

import com.slaledger.api.json.SlaJson;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ContractServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContractServiceApplication.class, args);
    }

    /** The one JSON setup of shared-events, applied to Spring's mapper too. */
    @Bean
    JsonMapperBuilderCustomizer slaJson() {
        return SlaJson::configure;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
