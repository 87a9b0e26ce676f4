package com.slaledger.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
public class PublishingConfiguration {

    /** Kept forever: projections are rebuilt by reading it from the start. */
    @Bean
    NewTopic eventsTopic(PublishingProperties properties) {
        return TopicBuilder.name(properties.eventsTopic())
                .partitions(properties.partitions())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }

    /**
     * A failed send must stop the processor, not be logged and skipped (Axon's default), so that the
     * batch is retried and its token does not move.
     */
    @Bean
    ConfigurerModule publisherFailsLoudly() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                EventPublisher.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance()));
    }
}
