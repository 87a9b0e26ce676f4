package com.slaledger.projection.contractview;

import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.ingest.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads contract views: the current one from its table, earlier ones by folding the event log. */
@Repository
public class ContractViews {

    private final JdbcClient jdbc;
    private final EventLog eventLog;
    private final ParsedViews cache = new ParsedViews(100_000);

    public ContractViews(JdbcClient jdbc, EventLog eventLog) {
        this.jdbc = jdbc;
        this.eventLog = eventLog;
    }

    /**
     * The current view. Parsed views are kept in a small cache keyed by their last sequence: one
     * query reads the contract's sequence and its stored JSON only when the contract changed since
     * it was parsed, which is what a breach-heavy contract's queries would otherwise pay every time.
     */
    public Optional<ContractView> current(String contractId) {
        ContractView cached = cache.get(contractId);
        long known = cached == null ? -1 : cached.lastSequence();
        // No row: no such contract. A row without JSON: unchanged since it was parsed.
        Optional<Optional<String>> row = jdbc.sql("""
                        SELECT CASE WHEN last_sequence = ? THEN NULL ELSE view END
                        FROM contract_view WHERE contract_id = ?""")
                .param(known)
                .param(contractId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().isEmpty()) {
            return Optional.of(cached);
        }
        ContractView view = read(row.get().get());
        cache.put(view);
        return Optional.of(view);
    }

    /** The contract as it stood at {@code instant}: the fold of the events recorded until then. */
    public Optional<ContractView> asOf(String contractId, Instant instant) {
        return Optional.ofNullable(ContractFold.replay(eventLog.recordedUntil(contractId, instant)));
    }

    public Page<ContractSummary> list(
            String clientId, String supplierId, String status, Optional<String[]> parties, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (clientId != null) {
            where.append(" AND client_id = ?");
            params.add(clientId);
        }
        if (supplierId != null) {
            where.append(" AND supplier_id = ?");
            params.add(supplierId);
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (parties.isPresent()) {
            where.append(" AND (client_id = ANY (?) OR supplier_id = ANY (?))");
            params.add(parties.get());
            params.add(parties.get());
        }
        long total = jdbc.sql("SELECT count(*) FROM contract_view" + where)
                .params(params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<ContractSummary> items = jdbc
                .sql("SELECT view FROM contract_view" + where + " ORDER BY contract_id LIMIT ? OFFSET ?")
                .params(pageParams)
                .query(String.class)
                .list()
                .stream()
                .map(ContractViews::read)
                .map(ContractSummary::of)
                .toList();
        return new Page<>(items, page, size, total);
    }

    /** Every current view of one supplier's contracts. */
    public List<ContractView> ofSupplier(String supplierId) {
        return jdbc
                .sql("SELECT view FROM contract_view WHERE supplier_id = ? ORDER BY contract_id")
                .param(supplierId)
                .query(String.class)
                .list()
                .stream()
                .map(ContractViews::read)
                .toList();
    }

    /** Every current view, for figures across all suppliers (aggregates only leave this service). */
    public List<ContractView> all() {
        return jdbc.sql("SELECT view FROM contract_view ORDER BY contract_id").query(String.class).list().stream()
                .map(ContractViews::read)
                .toList();
    }

    /** When each of these contracts reached a version, for those that did. */
    public java.util.Map<String, Instant> reachedAt(List<String> contractIds, String version) {
        java.util.Map<String, Instant> reached = new java.util.HashMap<>();
        jdbc.sql("SELECT contract_id, reached_at FROM contract_version WHERE version = ? AND contract_id = ANY (?)")
                .param(version)
                .param(contractIds.toArray(String[]::new))
                .query((rs, row) ->
                        reached.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list();
        return reached;
    }

    static ContractView read(String json) {
        return SlaJson.mapper().readValue(json, ContractView.class);
    }

    /** One line of the contract list. */
    public record ContractSummary(
            String contractId,
            String title,
            ContractView.ContractStatus status,
            String version,
            String clientId,
            String clientName,
            String supplierId,
            String supplierName,
            long openClauses,
            long pendingProposals,
            Instant updatedAt) {

        static ContractSummary of(ContractView v) {
            return new ContractSummary(
                    v.contractId(),
                    v.title(),
                    v.status(),
                    v.version(),
                    v.clientId(),
                    v.clientName(),
                    v.supplierId(),
                    v.supplierName(),
                    v.clauses().stream().filter(ClauseView::isOpen).count(),
                    v.clauses().stream().filter(c -> c.pending() != null).count(),
                    v.asOf());
        }
    }

    public record Page<T>(List<T> items, int page, int size, long total) {}

    /**
     * Least recently used parsed views, bounded by their weight: one per view plus one per breach,
     * so that a few contracts with tens of thousands of breaches cannot fill the heap.
     */
    static final class ParsedViews {

        private final long maxWeight;
        private final java.util.LinkedHashMap<String, ContractView> views =
                new java.util.LinkedHashMap<>(64, 0.75f, true);
        private long weight;

        ParsedViews(long maxWeight) {
            this.maxWeight = maxWeight;
        }

        synchronized ContractView get(String contractId) {
            return views.get(contractId);
        }

        synchronized void put(ContractView view) {
            long own = weightOf(view);
            if (own > maxWeight) {
                return;
            }
            ContractView previous = views.put(view.contractId(), view);
            weight += own - (previous == null ? 0 : weightOf(previous));
            var eldest = views.entrySet().iterator();
            while (weight > maxWeight && eldest.hasNext()) {
                weight -= weightOf(eldest.next().getValue());
                eldest.remove();
            }
        }

        private static long weightOf(ContractView view) {
            return 1 + view.breaches().size();
        }
    }
}
