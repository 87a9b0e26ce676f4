package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
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
        return TopicBuilder.name(properties.commandsTopic())
                .partitions(properties.partitions())
                .build();
    }

    @Bean
    NewTopic resultsTopic(IntakeProperties properties) {
        return TopicBuilder.name(properties.resultsTopic())
                .partitions(properties.partitions())
                .build();
    }

    @Bean
    NewTopic commandsDeadLetterTopic(IntakeProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic()).partitions(1).build();
    }

    /**
     * After the back-off gives up, the record goes to the dead-letter topic and, where its commandId
     * can be read, its sender gets an INTERNAL_ERROR result (not remembered, so a resend may succeed).
     */
    @Bean
    DefaultErrorHandler commandErrorHandler(
            KafkaTemplate<String, byte[]> kafka,
            IntakeProperties properties,
            EnvelopeReader reader,
            IntakeMetrics metrics,
            Clock clock) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                kafka, (record, exception) -> new TopicPartition(properties.deadLetterTopic(), -1));
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            deadLetters.accept(record, exception);
            metrics.deadLettered("RETRIES_EXHAUSTED");
            Object value = record.value();
            String commandId = value instanceof byte[] bytes ? reader.commandIdOf(bytes) : null;
            if (commandId != null) {
                CommandResult failed = CommandResult.rejected(
                        commandId,
                        String.valueOf(record.key()),
                        null,
                        RejectionCode.INTERNAL_ERROR,
                        "the command could not be processed and was dead-lettered: " + exception.getMessage(),
                        null,
                        null,
                        clock.instant());
                kafka.send(
                        properties.resultsTopic(),
                        String.valueOf(record.key()),
                        SlaJson.mapper().writeValueAsBytes(failed));
            }
        };
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return new DefaultErrorHandler(recoverer, backOff);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> commandListenerFactory(
            ConsumerFactory<String, byte[]> consumerFactory, DefaultErrorHandler commandErrorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(commandErrorHandler);
        // Offsets are committed once per poll, after every record of it has its transaction and its
        // acknowledged result; a crash in between redelivers records whose stored results are sent
        // again. Committing per record cost a broker round trip per command (ADR 0009).
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }
}
