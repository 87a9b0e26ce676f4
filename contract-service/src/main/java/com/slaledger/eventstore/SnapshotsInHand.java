package com.slaledger.eventstore;

import com.slaledger.contract.Contract;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Takes a contract's snapshot from the state this instance holds once the unit of work that
 * reached it has committed. Axon's snapshotter reads the contract's events since its last snapshot
 * from the store and folds them again, up to half the contract each time, on the thread that
 * committed: 13-29 % of the intake's samples under load (JFR, ADR 0009). The state in hand is that
 * same fold: the unit of work has just stored its events, the contract's lock is held until it
 * cleans up, and the batch began with the staleness check of {@link CachedContracts}. It is the
 * state the next command of this contract is decided on.
 *
 * <p>A contract not in the cache (a rollback dropped it, or it was evicted) is read from the store
 * by Axon's snapshotter, as before. A snapshot that cannot be stored is logged and counted: the
 * commands it followed have committed, and the contract loads from its events meanwhile.
 * {@code sla.snapshots} counts them: {@code in-hand} stored from the state held, {@code replayed}
 * handed to Axon's snapshotter (which stores one only when events follow the last snapshot, and
 * only logs its own failures), {@code failed} an in-hand snapshot that could not be stored. Not a
 * {@link Snapshotter} bean itself, so that Axon's stays configured as the one it falls back on;
 * the contract's snapshot trigger calls {@link #scheduleSnapshot}.
 */
@Component
public class SnapshotsInHand {

    private static final Logger log = LoggerFactory.getLogger(SnapshotsInHand.class);
    private static final String SCHEDULED = SnapshotsInHand.class.getName() + ".scheduled";

    private final Cache cache;
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final Snapshotter fromTheStore;
    private final AggregateModel<Contract> model;
    private final Counter inHand;
    private final Counter replayed;
    private final Counter failed;

    /**
     * @param fromTheStore Axon's snapshotter, which reads the contract's events, for a contract
     *     that is not in the cache
     */
    public SnapshotsInHand(
            @Qualifier("contractCache") Cache cache,
            EventStore eventStore,
            TransactionManager transactions,
            Snapshotter fromTheStore,
            ParameterResolverFactory parameterResolvers,
            HandlerDefinition handlers,
            MeterRegistry registry) {
        this.cache = cache;
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.fromTheStore = fromTheStore;
        this.model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Contract.class, parameterResolvers, handlers);
        this.inHand = counter(registry, "in-hand");
        this.replayed = counter(registry, "replayed");
        this.failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String made) {
        return Counter.builder("sla.snapshots")
                .description("contract snapshots: stored from the state in hand, handed to Axon's snapshotter"
                        + " (which reads the events), or not stored")
                .tag("made", made)
                .register(registry);
    }

    /**
     * As Axon's snapshotters: within a unit of work that has not committed yet, once it has. A
     * contract is snapshotted once per root unit of work: a batch that passes its threshold twice
     * (or once while loading it and once deciding) would otherwise store the same state at the same
     * sequence twice, and the second insert fails on the table's key.
     */
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            snapshot(aggregateType, aggregateIdentifier);
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Set<String> scheduled = root.getOrComputeResource(SCHEDULED, key -> new HashSet<>());
        if (!scheduled.add(aggregateIdentifier)) {
            return;
        }
        if (CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.COMMIT)) {
            root.afterCommit(u -> snapshot(aggregateType, aggregateIdentifier));
        } else {
            snapshot(aggregateType, aggregateIdentifier);
        }
    }

    private void snapshot(Class<?> aggregateType, String contractId) {
        EventSourcedAggregate<Contract> held = aggregateType == Contract.class ? held(contractId) : null;
        if (held == null) {
            fromTheStore.scheduleSnapshot(aggregateType, contractId);
            replayed.increment();
            return;
        }
        long sequence = held.version();
        try {
            transactions.executeInTransaction(() -> eventStore.storeSnapshot(
                    new GenericDomainEventMessage<>(held.type(), contractId, sequence, held.getAggregateRoot())));
            inHand.increment();
        } catch (RuntimeException e) {
            failed.increment();
            log.warn(
                    "could not store the snapshot of {} at sequence {}; it loads from its events meanwhile",
                    contractId,
                    sequence,
                    e);
        }
    }

    /**
     * The contract as the repository holds it: Axon's cache entry keeps the live aggregate (only a
     * cache that serialises its entries loses it, and then the entry's root and version rebuild
     * it), or null when the cache has none or holds a deleted one.
     */
    @SuppressWarnings("unchecked")
    private EventSourcedAggregate<Contract> held(String contractId) {
        Object entry = cache.get(contractId);
        if (!(entry instanceof AggregateCacheEntry<?> cached)) {
            return null;
        }
        EventSourcedAggregate<Contract> aggregate = ((AggregateCacheEntry<Contract>) cached)
                .recreateAggregate(model, eventStore, NoSnapshotTriggerDefinition.INSTANCE);
        return aggregate.isDeleted() || aggregate.version() == null ? null : aggregate;
    }
}
