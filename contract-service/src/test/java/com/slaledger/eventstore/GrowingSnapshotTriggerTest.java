package com.slaledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.junit.jupiter.api.Test;

/**
 * Snapshots come at the threshold, then each time the contract has doubled: the work per event
 * stays bounded, and so does what a load replays after its snapshot.
 */
class GrowingSnapshotTriggerTest {

    @Test
    void snapshotsAtTheThresholdThenEachTimeTheContractHasDoubled() {
        assertThat(snapshotsAt(100, 0, 2_000)).containsExactly(100L, 200L, 400L, 800L, 1_600L);
    }

    @Test
    void aContractLoadedFromASnapshotCountsFromIt() {
        // loaded from a snapshot at 1,000 events: the next when it has 2,000
        assertThat(snapshotsAt(100, 1_000, 2_500)).containsExactly(2_000L);
    }

    @Property(tries = 300)
    void whatALoadReplaysAndWhatSnapshotsCostStayBounded(
            @ForAll @IntRange(min = 1, max = 1_000) int threshold,
            @ForAll @IntRange(min = 0, max = 20_000) int events) {
        List<Long> snapshots = snapshotsAt(threshold, 0, events);

        long last = snapshots.isEmpty() ? 0 : snapshots.get(snapshots.size() - 1);
        assertThat(events - last).as("events a load replays").isLessThan(Math.max(threshold, events / 2 + 1));
        long written = snapshots.stream().mapToLong(Long::longValue).sum();
        assertThat(written).as("state written, in events").isLessThanOrEqualTo(2L * events);
        if (events >= threshold) {
            assertThat(snapshots).first().isEqualTo((long) threshold);
        }
    }

    /** The contract's size (events) at each snapshot scheduled while events {@code from..to-1} are applied. */
    private static List<Long> snapshotsAt(int threshold, long from, long to) {
        List<Long> at = new ArrayList<>();
        long[] current = {0};
        SnapshotTrigger trigger =
                new GrowingSnapshotTrigger((type, id) -> at.add(current[0]), threshold).prepareTrigger(Object.class);
        trigger.initializationFinished();
        for (long sequence = from; sequence < to; sequence++) {
            current[0] = sequence + 1;
            trigger.eventHandled(new GenericDomainEventMessage<>("Contract", "C-1", sequence, "event"));
        }
        return at;
    }
}
