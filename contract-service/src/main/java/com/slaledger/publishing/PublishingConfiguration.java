package com.slaledger.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class PublishingConfiguration {

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
