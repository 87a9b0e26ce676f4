package com.slaledger.projection.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contracts whose events are not all applied: waiting behind a missing event, or parked for good
 * because an event could not be applied ({@link Ingestion}). Health says {@code PARKED} (answered
 * with 200, ordered between DOWN and UP) with the count only, since anyone may read health; the
 * contracts and their reasons are for ADMIN at {@code GET /api/admin/parked}. The gauge is
 * {@code sla.projection.parked.contracts}.
 */
@Component("parkedEvents")
public class ParkedEventsHealth implements HealthIndicator {

    public static final Status PARKED = new Status("PARKED", "events of some contracts are not applied");

    private final JdbcClient jdbc;

    public ParkedEventsHealth(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        Gauge.builder("sla.projection.parked.contracts", this, ParkedEventsHealth::count)
                .register(registry);
    }

    public int count() {
        return jdbc.sql("""
                        SELECT count(*) FROM (SELECT contract_id FROM parked_event
                                              UNION SELECT contract_id FROM parked_contract) parked""").query(Integer.class).single();
    }

    /** Up to {@code limit} parked contracts, with why each waits and from which sequence. */
    public List<ParkedContract> parkedContracts(int limit) {
        return jdbc.sql("""
                        WITH waiting AS (
                            SELECT contract_id, count(*) AS events, min(sequence) AS first_parked
                            FROM parked_event GROUP BY contract_id)
                        SELECT c.contract_id, coalesce(w.events, 0), w.first_parked,
                               coalesce(v.last_sequence, -1) + 1 AS expected, pc.reason, pc.parked_at
                        FROM (SELECT contract_id FROM waiting UNION SELECT contract_id FROM parked_contract) c
                        LEFT JOIN waiting w ON w.contract_id = c.contract_id
                        LEFT JOIN parked_contract pc ON pc.contract_id = c.contract_id
                        LEFT JOIN contract_view v ON v.contract_id = c.contract_id
                        ORDER BY c.contract_id LIMIT ?""")
                .param(limit)
                .query((rs, row) -> new ParkedContract(
                        rs.getString(1),
                        rs.getInt(2),
                        (Long) rs.getObject(3),
                        rs.getLong(4),
                        rs.getString(5) == null
                                ? "waiting for the missing event at sequence " + rs.getLong(4)
                                : rs.getString(5),
                        rs.getString(5) != null))
                .list();
    }

    @Override
    public Health health() {
        int parked = count();
        return parked == 0
                ? Health.up().withDetail("parkedContracts", 0).build()
                : Health.status(PARKED).withDetail("parkedContracts", parked).build();
    }

    /**
     * @param waitingEvents events kept in {@code parked_event} for this contract
     * @param firstParkedSequence the lowest of them, or null
     * @param expectedSequence the next sequence the read models expect
     * @param reason why the contract waits
     * @param parkedForGood true when an event could not be applied: a fix is needed, then a retry of the
     *     contract ({@link ParkedRetry}) or a rebuild; false
     *     when the contract only waits for a missing event
     */
    public record ParkedContract(
            String contractId,
            int waitingEvents,
            Long firstParkedSequence,
            long expectedSequence,
            String reason,
            boolean parkedForGood) {}
}
