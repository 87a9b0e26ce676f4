package com.slaledger.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.slaledger.contract.Position;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the aggregate cache honest when this instance is not the only writer: another instance, or
 * an operator's replay, may have appended to a contract this one holds in memory, and a decision on
 * that stale state, a rejection above all, would be stored for good. Before deciding, the intake
 * asks here; every contract whose stored last sequence is not the one this instance last committed
 * is dropped from the cache and so read afresh from the store. One query per batch (ADR 0014).
 */
@Component
public class CachedContracts {

    private final Cache cache;
    private final JdbcClient jdbc;
    private final com.github.benmanes.caffeine.cache.Cache<String, Long> committedHere;

    public CachedContracts(@Qualifier("contractCache") Cache cache, JdbcClient jdbc, EventStoreProperties properties) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.committedHere =
                Caffeine.newBuilder().maximumSize(properties.cachedContracts()).build();
    }

    /** Drops from the cache every one of these contracts that changed since this instance last wrote it. */
    public void forgetStale(Collection<String> contractIds) {
        if (contractIds.isEmpty()) {
            return;
        }
        Map<String, Long> stored = new HashMap<>();
        jdbc.sql("""
                        SELECT aggregate_identifier, max(sequence_number) FROM domain_event_entry
                        WHERE aggregate_identifier = ANY (?) GROUP BY aggregate_identifier""").param(contractIds.toArray(String[]::new)).query(rs -> {
            stored.put(rs.getString(1), rs.getLong(2));
        });
        for (String contractId : contractIds) {
            Long last = stored.get(contractId);
            if (!Objects.equals(committedHere.getIfPresent(contractId), last)) {
                cache.remove(contractId);
                if (last != null) {
                    committedHere.put(contractId, last);
                }
            }
        }
    }

    /** What this instance just committed for a contract. */
    public void committed(String contractId, Position position) {
        committedHere.put(contractId, position.sequence());
    }
}
