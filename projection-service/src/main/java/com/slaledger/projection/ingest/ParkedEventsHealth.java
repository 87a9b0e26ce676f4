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
 * Shows contracts whose events are parked behind a missing one: status {@code PARKED} (answered
 * with 200, ordered between DOWN and UP) with the contracts and their next expected sequence, and
 * the gauge {@code sla.projection.parked.contracts}.
 */
@Component("parkedEvents")
public class ParkedEventsHealth implements HealthIndicator {

    public static final Status PARKED = new Status("PARKED", "events of some contracts wait for a missing event");

    private final JdbcClient jdbc;

    public ParkedEventsHealth(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        Gauge.builder(
                        "sla.projection.parked.contracts",
                        this,
                        h -> h.parkedContracts().size())
                .register(registry);
    }

    public List<ParkedContract> parkedContracts() {
        return jdbc.sql("""
                        SELECT p.contract_id, count(*) AS waiting, min(p.sequence) AS first_parked,
                               coalesce(max(v.last_sequence), -1) + 1 AS expected
                        FROM parked_event p LEFT JOIN contract_view v ON v.contract_id = p.contract_id
                        GROUP BY p.contract_id ORDER BY p.contract_id LIMIT 100""")
                .query((rs, row) -> new ParkedContract(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    @Override
    public Health health() {
        List<ParkedContract> parked = parkedContracts();
        return parked.isEmpty()
                ? Health.up().withDetail("parkedContracts", 0).build()
                : Health.status(PARKED)
                        .withDetail("parkedContracts", parked.size())
                        .withDetail("contracts", parked)
                        .build();
    }

    public record ParkedContract(
            String contractId, int waitingEvents, long firstParkedSequence, long expectedSequence) {}
}
