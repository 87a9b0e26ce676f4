package com.slaledger.projection.ingest;

import com.slaledger.api.view.ContractView;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The views a rebuild's writer holds instead of storing them after every batch (ADR 0015). A
 * contract whose events are spread over many batches (a long-running contract among many others)
 * had its view, scorecard and open clause rows replaced once per batch; held here, they are written
 * once, when the view leaves this holder or at the end of the rebuild. The rebuild's tables are
 * read by nobody until the swap, so a view that waits here is behind nothing anyone sees.
 *
 * <p>Bounded by weight, like the live cache: one per view and one per clause, month of credits and
 * rating it holds; the views used longest ago leave first. Changed only once the transaction that
 * folded a view has committed, so a batch that rolls back leaves what is held as it was before it.
 * Used by one writer thread.
 */
final class HeldViews {

    /**
     * A held view; {@code stored} when the table has a row of its contract (the view was read from
     * it, or written when it left earlier), else its rows are copied in; {@code twoPointZeroAt} when
     * its contract reached 2.0, for the scorecard row of a contract that has none yet.
     */
    record Held(ContractView view, boolean stored, Timestamp twoPointZeroAt) {}

    private final long maxWeight;
    private final LinkedHashMap<String, Held> held = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    HeldViews(long maxWeight) {
        if (maxWeight < 1) {
            throw new IllegalArgumentException("a rebuild holds at least one view");
        }
        this.maxWeight = maxWeight;
    }

    Held get(String contractId) {
        return held.get(contractId);
    }

    /**
     * What a batch leaves to write now: the views that do not fit once the batch's are held, those
     * used longest ago first; the batch's own views only when they alone do not fit.
     */
    List<Held> leaving(Map<String, Held> batch) {
        long after = weight;
        for (Map.Entry<String, Held> entry : batch.entrySet()) {
            Held before = held.get(entry.getKey());
            after += weightOf(entry.getValue().view()) - (before == null ? 0 : weightOf(before.view()));
        }
        List<Held> leaving = new ArrayList<>();
        for (Held h : held.values()) {
            if (after <= maxWeight) {
                return leaving;
            }
            if (!batch.containsKey(h.view().contractId())) {
                leaving.add(h);
                after -= weightOf(h.view());
            }
        }
        for (Held h : batch.values()) {
            if (after <= maxWeight) {
                break;
            }
            leaving.add(h);
            after -= weightOf(h.view());
        }
        return leaving;
    }

    /** After the commit: the batch's views are held, those that left are written and forgotten. */
    void committed(Map<String, Held> batch, List<Held> left) {
        batch.values().forEach(this::put);
        left.forEach(h -> remove(h.view().contractId()));
    }

    /** Everything held, to write at the end; {@link #clear} once written. */
    List<Held> all() {
        return List.copyOf(held.values());
    }

    void clear() {
        held.clear();
        weight = 0;
    }

    long weight() {
        return weight;
    }

    private void put(Held h) {
        Held before = held.put(h.view().contractId(), h);
        weight += weightOf(h.view()) - (before == null ? 0 : weightOf(before.view()));
    }

    private void remove(String contractId) {
        Held before = held.remove(contractId);
        if (before != null) {
            weight -= weightOf(before.view());
        }
    }

    static long weightOf(ContractView view) {
        return 1L
                + view.clauses().size()
                + view.credits().size()
                + view.satisfaction().size();
    }
}
