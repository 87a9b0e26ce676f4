package com.slaledger.eventstore;

import com.slaledger.api.command.ContractCommand;
import com.slaledger.contract.Contract;
import com.slaledger.contract.Issuance;
import com.slaledger.contract.RejectedAt;
import java.util.List;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Contract aggregate's repository settings: snapshots, cache, and what events inherit from commands. */
@Configuration(proxyBeanMethods = false)
public class AggregateConfiguration {

    /**
     * The event store as Axon's auto-configuration builds it (same monitor and spans), but holding
     * {@code cached-events} recent events for its streaming readers instead of 10,000: those rows
     * outlived two young collections at P2's rate, were promoted and died in the old generation,
     * which then filled every half minute (JFR, ADR 0009).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration configuration,
            EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(properties.cachedEvents())
                .build();
    }

    /**
     * Snapshots at a growing number of events ({@link GrowingSnapshotTrigger}), taken from the
     * contract this instance holds once the events are committed ({@link SnapshotsInHand}).
     */
    @Bean
    public SnapshotTriggerDefinition contractSnapshotTrigger(
            SnapshotsInHand snapshots, EventStoreProperties properties) {
        return new GrowingSnapshotTrigger(snapshots::scheduleSnapshot, properties.snapshotThreshold());
    }

    /**
     * Only snapshots of the aggregate's current revision (not of a former state shape) that agree
     * with the hash chain are used; otherwise the contract is rebuilt from its events.
     */
    @Bean
    public SnapshotFilter contractSnapshotFilter(ChainAnchoredSnapshots chainAnchored) {
        return RevisionSnapshotFilter.builder()
                .type(Contract.class)
                .revision(Contract.class.getAnnotation(Revision.class).value())
                .build()
                .combine(chainAnchored);
    }

    /**
     * Keeps recently used contracts in memory, strongly and bounded. Only safe with the staleness
     * check of {@link CachedContracts}, since another instance may append to a cached contract.
     */
    @Bean
    public Cache contractCache(EventStoreProperties properties) {
        return new BoundedCache(properties.cachedContracts());
    }

    /**
     * A command the contract refused once loaded ({@link RejectedAt}: judged, nothing applied)
     * commits its unit of work instead of rolling it back. On a rollback Axon's caching repository
     * drops the contract from the cache and from the batch's loaded aggregates, so every refusal
     * cost the contract's next command a reload from its snapshot and events (ADR 0009). Anything
     * else rolls back as Axon's default rule says (unchecked exceptions and errors), a refusal
     * before the contract was loaded included: there is nothing to keep, and a contract not yet
     * created has no identifier to cache it under. A refusal judged on a state another instance
     * has since moved past stays harmless: the next batch's staleness check drops that contract
     * ({@link CachedContracts}).
     */
    static final RollbackConfiguration REFUSALS_COMMIT = failure ->
            !(failure instanceof RejectedAt) && RollbackConfigurationType.UNCHECKED_EXCEPTIONS.rollBackOn(failure);

    /** Gives Axon's auto-configured command bus {@link #REFUSALS_COMMIT}, leaving the rest of it as built. */
    @Bean
    static BeanPostProcessor refusalsCommit() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SimpleCommandBus bus) {
                    bus.setRollbackConfiguration(REFUSALS_COMMIT);
                }
                return bean;
            }
        };
    }

    /**
     * Finds the contract a command is for through {@link ContractCommand#contractId()}, the same
     * value its {@code @TargetAggregateIdentifier} marks. Axon's default resolver looked for the
     * annotations by reflection on every command: 7 % of the intake's time (ADR 0009).
     */
    @Bean
    public CommandTargetResolver contractTargets() {
        CommandTargetResolver annotated =
                AnnotationCommandTargetResolver.builder().build();
        return command -> command.getPayload() instanceof ContractCommand contractCommand
                ? new VersionedAggregateIdentifier(contractCommand.contractId(), null)
                : annotated.resolveTarget(command);
    }

    /**
     * Events carry the issuing command's id, party, actor, time and correlation id. Replaces Axon's
     * default provider, which would overwrite our correlation id with the command message's id.
     */
    @Bean
    public CorrelationDataProvider issuanceCorrelation() {
        return new SimpleCorrelationDataProvider(List.of(
                        Issuance.COMMAND_ID,
                        Issuance.PARTY,
                        Issuance.ACTOR,
                        Issuance.ISSUED_AT,
                        Issuance.CORRELATION_ID)
                .toArray(String[]::new));
    }
}
