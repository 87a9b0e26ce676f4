package com.slaledger.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache over Caffeine: at most {@code maximumSize} contracts, the least recently
 * used dropped first, each held by a soft reference. Axon's {@code WeakReferenceCache} let the
 * serial collector empty it at every collection, so most commands reloaded their contract (ADR
 * 0009); the collector clears a soft reference only when the heap runs short, those used the
 * longest ago first, and always before it would fail with {@link OutOfMemoryError}. A count alone
 * does not bound the memory: a contract holds every clause's text and every breach, so 5,000 long
 * contracts need gigabytes against contract-service's 512 MB, and a full cache failed for want of
 * heap where it could have read a contract again from its snapshot (ADR 0033). Entry listeners
 * are not offered; Axon's repositories do not register any.
 */
final class BoundedCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    BoundedCache(long maximumSize) {
        this.entries =
                Caffeine.newBuilder().maximumSize(maximumSize).softValues().build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("the contract cache has no entry listeners");
    }
}
