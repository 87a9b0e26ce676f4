package com.slaledger.projection.ingest;

import com.slaledger.projection.contractview.ContractViews;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

    @Bean
    ProjectionWriter projectionWriter(JdbcTemplate jdbc, Clock clock, ContractViews views) {
        return new ProjectionWriter(jdbc, clock, views);
    }

    @Bean
    Ingestion ingestion(ProjectionWriter writer, TransactionTemplate transactions) {
        return new Ingestion(writer, transactions);
    }

    /**
     * Only transient failures leave {@link Ingestion}: the poll is retried with back-off for as long
     * as it takes, and the offsets stay where they are. Giving up would commit past events that were
     * never applied, which is what this service promises never to do (ADR 0011).
     */
    @Bean
    CommonErrorHandler projectionErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
