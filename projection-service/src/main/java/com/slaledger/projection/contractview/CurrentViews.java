package com.slaledger.projection.contractview;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slaledger.api.view.ContractView;
import java.time.LocalDate;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Current views, write-through (ADR 0008): the consumer puts every view it committed, so reading a
 * contract this instance holds needs no query, and its JSON answer is rendered once per view and
 * day (the overdue flags depend on the day). Correct because this instance's consumer is the only
 * writer of its read models; a rebuild replaces them and {@link #replaced() empties} the cache.
 *
 * <ul>
 *   <li>A newer view (higher last sequence) always replaces an older one; an older never replaces
 *       a newer, so a read that raced the consumer cannot bring back the past.
 *   <li>A view read from the database is kept only if nothing was committed, released or
 *       replaced, nor a commit left unconfirmed, while it was read (the generation): a newer view
 *       committed meanwhile may already be evicted, and the older one must not take its place
 *       (ADR 0033).
 *   <li>A contract written by a transaction whose commit was not confirmed is forgotten: the
 *       commit may have happened, and then what is held is behind the table.
 *   <li>Bounded by weight: one per contract, its clauses and its breaches, and one per 256 characters
 *       of their text and bytes of the rendered answer ({@link ViewWeights}).
 * </ul>
 */
final class CurrentViews {

    /** A current view, with its JSON answer once rendered for {@code day}. */
    private record Entry(ContractView view, LocalDate day, byte[] json) {}

    private final Cache<String, Entry> entries;
    private final AtomicLong generation = new AtomicLong();

    CurrentViews(long maxWeight) {
        this.entries = Caffeine.newBuilder()
                // Eviction on the writing thread: no background task, and the bound holds at once.
                .executor(Runnable::run)
                .maximumWeight(maxWeight)
                .weigher((String id, Entry entry) -> ViewWeights.of(entry.view(), entry.json()))
                .build();
    }

    ContractView view(String contractId) {
        Entry entry = entries.getIfPresent(contractId);
        return entry == null ? null : entry.view();
    }

    long generation() {
        return generation.get();
    }

    /**
     * A view the consumer just committed. A read that began before it may hold an older view, and
     * this one may not be held when that read ends (evicted, or too heavy): the new generation
     * keeps the older one out, as {@link #newer} does while this one is held.
     */
    void committed(ContractView view) {
        generation.incrementAndGet();
        entries.asMap().merge(view.contractId(), new Entry(view, null, null), CurrentViews::newer);
    }

    /** A view read from the database while {@code readIn} was the generation. */
    void read(ContractView view, long readIn) {
        entries.asMap().compute(view.contractId(), (id, present) -> {
            if (generation.get() != readIn) {
                return present;
            }
            return present == null ? new Entry(view, null, null) : newer(present, new Entry(view, null, null));
        });
    }

    /**
     * What is held of these contracts may be behind the table (a commit not confirmed). A read
     * under way may have read the table before that commit: the new generation keeps it out.
     */
    void forget(Collection<String> contractIds) {
        generation.incrementAndGet();
        entries.invalidateAll(contractIds);
    }

    /** Nothing held: what is read next is held again, but not what a read under way read before. */
    void release() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** The read models were replaced (a rebuild swapped them in): nothing held is known to be current. */
    void replaced() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** The held view's JSON answer for {@code day}; null when this contract is not held. */
    byte[] json(String contractId, LocalDate day, Function<ContractView, byte[]> render) {
        Entry entry = entries.getIfPresent(contractId);
        if (entry == null) {
            return null;
        }
        if (day.equals(entry.day())) {
            return entry.json();
        }
        byte[] json = render.apply(entry.view().withOverdueFlags(day));
        entries.asMap()
                .computeIfPresent(
                        contractId,
                        (id, present) ->
                                present.view() == entry.view() ? new Entry(present.view(), day, json) : present);
        return json;
    }

    private static Entry newer(Entry present, Entry candidate) {
        return candidate.view().lastSequence() > present.view().lastSequence() ? candidate : present;
    }
}
