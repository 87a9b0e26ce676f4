package com.slaledger.eventstore;

import com.slaledger.platform.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the event store and the aggregate repository.
 *
 * @param batchSize events read per query by streaming processors and aggregate loads
 * @param gapTimeoutMillis how long a gap in global_index is waited for before it is skipped
 * @param maxGapOffset how far behind the head gaps are still tracked
 * @param snapshotThreshold the fewest events between two snapshots of a contract; a snapshot is
 *     taken when there are as many since the last one, and half the contract's events
 *     ({@link GrowingSnapshotTrigger})
 * @param cachedContracts contracts kept in memory between commands, the least recently used dropped
 * @param cachedEvents recent events the event store keeps for its streaming readers (Axon's default
 *     is 10,000); a reader further behind reads the store itself. Each is held until this many
 *     newer ones are read: ten thousand outlived two young collections at P2's rate and filled the
 *     old generation (ADR 0009)
 */
@ConfigurationProperties("sla.event-store")
public record EventStoreProperties(
        @DefaultValue("100") int batchSize,
        @DefaultValue("60000") int gapTimeoutMillis,
        @DefaultValue("10000") int maxGapOffset,
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue("5000") int cachedContracts,
        @DefaultValue("1000") int cachedEvents) {

    public EventStoreProperties {
        Settings.atLeast("sla.event-store.batch-size", batchSize, 1);
        Settings.atLeast("sla.event-store.gap-timeout-millis", gapTimeoutMillis, 1);
        Settings.atLeast("sla.event-store.max-gap-offset", maxGapOffset, 1);
        Settings.atLeast("sla.event-store.snapshot-threshold", snapshotThreshold, 1);
        Settings.atLeast("sla.event-store.cached-contracts", cachedContracts, 0);
        Settings.atLeast("sla.event-store.cached-events", cachedEvents, 1);
    }
}
