package com.slaledger.projection.ingest;

import com.slaledger.kafka.DeletedRecords;
import com.slaledger.kafka.HeldFetch;
import com.slaledger.projection.contractview.ContractViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
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

    @Bean
    ParkedRetry parkedRetry(
            ProjectionWriter writer, TransactionTemplate transactions, JdbcTemplate jdbc, ContractViews views) {
        return new ParkedRetry(writer, transactions, jdbc, views);
    }

    /**
     * The live consumer's fetch held for {@code sla.projection.fetch-wait}: the consumer sends its
     * next fetch as a poll is handed over, and the broker would answer it with the first event to
     * arrive, leaving the events that arrive while the poll is applied to the poll after next (ADR
     * 0009). The rebuild reads with consumers of its own.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> heldFetch(
            IngestProperties properties) {
        Map<String, Object> held = HeldFetch.settings(properties.fetchWait());
        return container -> {
            if (EventConsumer.LISTENER_ID.equals(container.getListenerId())) {
                container.getContainerProperties().getKafkaConsumerProperties().putAll(held);
            }
        };
    }

    /**
     * Events deleted from the topic before the live consumer read them, counted and logged (ADR
     * 0044): a contract whose later events arrive waits for them, but one whose events were all
     * deleted would otherwise be missing from the read models without a word. Spring Boot sets the
     * context's one {@code ConsumerAwareRebalanceListener} on the listener container factory it
     * makes, which {@link EventConsumer} uses; {@link EventConsumer} checks each poll with it.
     */
    @Bean
    DeletedRecords deletedEvents(MeterRegistry registry) {
        return new DeletedRecords(
                "their events are not in the read models (contract-service's event store still holds them)",
                (partition, records) -> Counter.builder("sla.projection.events.deleted-unread")
                        .description("records of contract.events deleted before the live consumer read them")
                        .tag("partition", Integer.toString(partition.partition()))
                        .register(registry)
                        .increment(records));
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
