package com.slaledger.projection.ingest;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

    @Bean
    ProjectionWriter projectionWriter(JdbcTemplate jdbc, Clock clock) {
        return new ProjectionWriter(jdbc, clock);
    }
}
