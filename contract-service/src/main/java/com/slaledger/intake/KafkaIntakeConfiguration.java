package com.slaledger.intake;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics, and the listener container of the command intake: one record at a time, offsets committed
 * after each poll's records are all answered, transient failures retried with exponential back-off and, once
 * {@code sla.intake.retry-max-elapsed} has passed, the record dead-lettered by Spring Kafka.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaIntakeConfiguration {

    @Bean
    NewTopic commandsTopic(IntakeProperties properties) {
        return TopicBuilder.name(properties.commandsTopic()).partitions(properties.partitions()).build();
    }

    @Bean
    NewTopic resultsTopic(IntakeProperties properties) {
        return TopicBuilder.name(properties.resultsTopic()).partitions(properties.partitions()).build();
    }

    @Bean
    NewTopic commandsDeadLetterTopic(IntakeProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic()).partitions(1).build();
    }

    @Bean
    DefaultErrorHandler commandErrorHandler(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                kafka, (record, exception) -> new TopicPartition(properties.deadLetterTopic(), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return new DefaultErrorHandler(recoverer, backOff);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> commandListenerFactory(
            ConsumerFactory<String, byte[]> consumerFactory, DefaultErrorHandler commandErrorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(commandErrorHandler);
        // Offsets are committed once per poll, after every record of it has its transaction and its
        // acknowledged result; a crash in between redelivers records whose stored results are sent
        // again. Committing per record cost a broker round trip per command (ADR 0009).
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }
}
