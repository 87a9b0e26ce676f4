package com.slaledger.eventstore;

import com.slaledger.api.command.ContractCommand;
import com.slaledger.contract.Contract;
import com.slaledger.contract.Issuance;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Contract aggregate's repository settings: snapshots, cache, and what events inherit from commands. */
@Configuration(proxyBeanMethods = false)
public class AggregateConfiguration {

    @Bean
    public SnapshotTriggerDefinition contractSnapshotTrigger(Snapshotter snapshotter, EventStoreProperties properties) {
        return new GrowingSnapshotTrigger(snapshotter, properties.snapshotThreshold());
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
