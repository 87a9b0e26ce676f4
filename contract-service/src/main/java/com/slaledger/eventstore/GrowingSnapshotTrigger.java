package com.slaledger.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Snapshots a contract once the events since its last snapshot number at least {@code threshold}
 * and at least as many as it had at that snapshot: at 100, 200, 400, 800 events for a threshold of
 * 100. A snapshot holds the whole state, every breach included, so with Axon's fixed count each
 * event cost a hundredth of the contract's size (the snapshotter was 11 % of the intake's time in
 * P1, JFR) and filling a contract of n events wrote O(n²) of snapshots. Doubling keeps the
 * snapshot work per event bounded whatever the contract's size; a load from the store replays at
 * most {@code max(threshold, events / 2)} events after its snapshot (ADR 0009).
 */
public final class GrowingSnapshotTrigger implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int threshold;

    public GrowingSnapshotTrigger(Snapshotter snapshotter, int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the snapshot threshold must be at least 1, not " + threshold);
        }
        this.snapshotter = snapshotter;
        this.threshold = threshold;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, threshold);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof Trigger growing) {
            growing.setSnapshotter(snapshotter);
            return growing;
        }
        return prepareTrigger(aggregateType);
    }

    /** One per aggregate instance, as Axon's own triggers. */
    static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final int threshold;
        private long sinceSnapshot;
        private long events;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int threshold) {
            super(snapshotter, aggregateType);
            this.threshold = threshold;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            if (message instanceof DomainEventMessage<?> event) {
                events = event.getSequenceNumber() + 1;
            }
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            sinceSnapshot++;
            return sinceSnapshot >= threshold && 2 * sinceSnapshot >= events;
        }

        @Override
        protected void reset() {
            sinceSnapshot = 0;
        }
    }
}
