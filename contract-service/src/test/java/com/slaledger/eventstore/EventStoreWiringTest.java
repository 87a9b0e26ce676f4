package com.slaledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Guards the Boot 4 ordering fix (ADR 0002): without it Axon silently runs with a no-op transaction
 * manager, or without a JDBC engine at all.
 */
@ContractServiceTest
class EventStoreWiringTest {

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    Serializer serializer;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Autowired
    @Qualifier("messageSerializer")
    Serializer messageSerializer;

    @Autowired
    org.springframework.beans.factory.config.ConfigurableListableBeanFactory beans;

    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStore eventStore;

    @Autowired
    EventStoreProperties properties;

    /** The event store with its cache of recent events sized by us, not Axon's 10,000 (ADR 0009). */
    @Test
    void theEventStoreIsOursWithItsCacheOfRecentEventsSized() {
        assertThat(eventStore).isInstanceOf(org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.class);
        assertThat(beans.getBeanNamesForType(org.axonframework.eventhandling.EventBus.class))
                .containsExactly("eventBus");
        assertThat(beans.getBeanDefinition("eventBus").getFactoryMethodName()).isEqualTo("eventStore");
        assertThat(beans.getBeanDefinition("eventBus").getResourceDescription())
                .contains(AggregateConfiguration.class.getSimpleName());
        // Axon gives no accessor for the size: read where its producer keeps it.
        Object producer = org.springframework.test.util.ReflectionTestUtils.getField(eventStore, "producer");
        assertThat(org.springframework.test.util.ReflectionTestUtils.getField(producer, "cachedEvents"))
                .isEqualTo(properties.cachedEvents());
    }

    @Test
    void eventsAreStoredThroughJdbcWithSpringTransactionsAndJackson3() {
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(serializer).isInstanceOf(Jackson3Serializer.class);
        assertThat(eventSerializer).isInstanceOf(Jackson3Serializer.class);
        assertThat(messageSerializer).isInstanceOf(Jackson3Serializer.class);
    }
}
