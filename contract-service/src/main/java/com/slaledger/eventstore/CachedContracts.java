package com.slaledger.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.slaledger.contract.Position;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * {@code sla.contracts.reread} counts the cached contracts dropped so.
 */
@Component
public class CachedContracts {

    /** Each given contract's last stored sequence; none for a contract without events. */
    static final String LAST_SEQUENCES = """
            SELECT ids.id, (SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ids.id)
            FROM unnest(?::text[]) AS ids(id)""";

    private final Cache cache;
    private final JdbcClient jdbc;
    private final com.github.benmanes.caffeine.cache.Cache<String, Long> committedHere;
    private final Counter reread;

    public CachedContracts(
            @Qualifier("contractCache") Cache cache,
            JdbcClient jdbc,
            EventStoreProperties properties,
            MeterRegistry registry) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.reread = Counter.builder("sla.contracts.reread")
                .description("cached contracts dropped because the store had changed since this instance wrote them")
                .register(registry);
        this.committedHere =
                Caffeine.newBuilder().maximumSize(properties.cachedContracts()).build();
    }

    /** Drops from the cache every one of these contracts that changed since this instance last wrote it. */
    public void forgetStale(Collection<String> contractIds) {
        if (contractIds.isEmpty()) {
            return;
        }
        Map<String, Long> stored = new HashMap<>();
        // One index probe per contract (max() on the index's leading column is read backwards):
        // grouped over ANY(?), PostgreSQL read every entry of each contract, 11 ms for one of 10,000
        // events, and P5's long contract paid it on every command (ADR 0009).
        jdbc.sql(LAST_SEQUENCES).param(contractIds.toArray(String[]::new)).query(rs -> {
            long last = rs.getLong(2);
            if (!rs.wasNull()) {
                stored.put(rs.getString(1), last);
            }
        });
        for (String contractId : contractIds) {
            Long last = stored.get(contractId);
            if (!Objects.equals(committedHere.getIfPresent(contractId), last)) {
                if (cache.remove(contractId)) {
                    reread.increment();
                }
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
