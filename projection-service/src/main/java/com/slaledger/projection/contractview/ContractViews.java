package com.slaledger.projection.contractview;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.ingest.EventLog;
import com.slaledger.projection.ingest.ProjectionWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads contract views: the current one from the views the live writer committed ({@link
 * CurrentViews}) or else its table, earlier ones by folding the event log.
 */
@Repository
public class ContractViews implements ProjectionWriter.CommittedViews {

    /** Events folded per page for a view as of an instant. */
    private final int asOfPage;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final EventLog eventLog;
    private final Breaches breaches;
    /**
     * Weight: one per contract, clause and breach, and one per 256 characters of their text
     * ({@link ViewWeights}); 100,000 is some tens of megabytes of views, whatever their texts.
     */
    private final CurrentViews cache = new CurrentViews(100_000);
    /**
     * Every breach of recently weighed contracts, with the sequence of the view they go with: the
     * answers that weigh them all (evidence, what-if, pinch, credits) read them once per change of
     * the contract, not once per request. Weight: one per breach and per 256 characters
     * of their text.
     */
    private final Cache<String, HeldBreaches> breachLists = Caffeine.newBuilder()
            .maximumWeight(200_000)
            .weigher((String id, HeldBreaches held) -> ViewWeights.of(held.breaches()))
            .build();

    private record HeldBreaches(long lastSequence, List<BreachView> breaches) {}

    /** Contracts whose rows are being written beside the live writer ({@link #writtenBeside}), with how many such writes are under way. */
    private final Map<String, Integer> writtenBeside = new ConcurrentHashMap<>();

    @Autowired
    public ContractViews(JdbcClient jdbc, JdbcTemplate template, EventLog eventLog, Breaches breaches) {
        this(jdbc, template, eventLog, breaches, 1_000);
    }

    /** With {@code asOfPage} events folded per page for a view as of an instant. */
    public ContractViews(JdbcClient jdbc, JdbcTemplate template, EventLog eventLog, Breaches breaches, int asOfPage) {
        this.asOfPage = asOfPage;
        this.jdbc = jdbc;
        this.template = template;
        this.eventLog = eventLog;
        this.breaches = breaches;
    }

    /** The current view: the one this instance's consumer last committed, else the stored one. */
    public Optional<ContractView> current(String contractId) {
        ContractView held = cache.view(contractId);
        if (held != null) {
            return Optional.of(held);
        }
        long generation = cache.generation();
        Optional<ContractView> stored = jdbc.sql("SELECT view FROM contract_view WHERE contract_id = ?")
                .param(contractId)
                .query(String.class)
                .optional()
                .map(ContractViews::read);
        stored.ifPresent(view -> cache.read(view, generation));
        return stored;
    }

    /**
     * The current view's JSON answer, with the overdue flags of {@code day}: rendered once per view
     * and day, by the same JSON setup as every other answer.
     */
    public Optional<Rendered> rendered(String contractId, LocalDate day) {
        return current(contractId).map(view -> {
            byte[] json = cache.json(contractId, day, ContractViews::render);
            // Not held (too heavy for the cache, or a rebuild swapped in meanwhile): rendered here.
            return new Rendered(
                    view.clientId(), view.supplierId(), json != null ? json : render(view.withOverdueFlags(day)));
        });
    }

    private static byte[] render(ContractView view) {
        return SlaJson.mapper().writeValueAsBytes(view);
    }

    /** A contract's JSON answer and the parties that may see it. */
    public record Rendered(String clientId, String supplierId, byte[] json) {}

    /** After each of the live writer's commits: the views it wrote, so reads need no query (write-through). */
    @Override
    public void committed(List<ContractView> views) {
        views.forEach(cache::committed);
    }

    @Override
    public void uncertain(List<String> contractIds) {
        cache.forget(contractIds);
    }

    /**
     * The view as the live writer last committed it, for its next transaction; null when not held,
     * and while the contract's rows are {@linkplain #writtenBeside written beside the live writer}.
     */
    @Override
    public ContractView held(String contractId) {
        return writtenBeside.containsKey(contractId) ? null : cache.view(contractId);
    }

    /**
     * Runs {@code work}, a transaction that writes this contract's rows beside the live writer (a
     * retry of a parked contract, {@code ParkedRetry}), returning once its commit has been handed
     * over. Until then the live writer does not take the contract's view from what this holds: a
     * live batch that waited for that commit (it locks the contract's parked row) runs as soon as
     * the database has it, while what this holds catches up only when the work's thread hands its
     * views over. Read from the table, the batch starts where the commit left the contract.
     */
    public <T> T writtenBeside(String contractId, Supplier<T> work) {
        writtenBeside.merge(contractId, 1, Integer::sum);
        try {
            return work.get();
        } finally {
            writtenBeside.computeIfPresent(contractId, (id, count) -> count == 1 ? null : count - 1);
        }
    }

    /**
     * A rebuild starts: nothing is held, so the memory is the rebuild's (ADR 0009). The live tables
     * do not change until the swap, so reads meanwhile are answered from them, and held again.
     */
    public void release() {
        cache.release();
        breachLists.invalidateAll();
    }

    /** A rebuild swapped new read models in. */
    public void replaced() {
        cache.replaced();
        breachLists.invalidateAll();
    }

    /**
     * The contract with every one of its breaches, for the answers that weigh them all: now (the
     * current view and its breach rows), or as known at {@code knownAt} (the fold of the events
     * recorded until then, a page at a time: memory holds one page of events and the breaches
     * known then, which the answers list).
     */
    public Optional<ContractView> withBreaches(String contractId, Instant knownAt) {
        return knownAt == null
                ? current(contractId).map(view -> view.withBreaches(breachesOf(view)))
                : Optional.ofNullable(fold(contractId, knownAt, step -> {}, true));
    }

    /** The view's breaches: those recorded up to its last event, read once per view. */
    private List<BreachView> breachesOf(ContractView view) {
        HeldBreaches held = breachLists.getIfPresent(view.contractId());
        if (held == null || held.lastSequence() != view.lastSequence()) {
            held = new HeldBreaches(view.lastSequence(), breaches.of(view.contractId(), view.lastSequence()));
            breachLists.put(view.contractId(), held);
        }
        return held.breaches();
    }

    /**
     * The contract as it stood at {@code instant}, with its totals and without its breaches, as the
     * current view: the fold of the events recorded until then ({@link #replay}).
     */
    public Optional<ContractView> asOf(String contractId, Instant instant) {
        return Optional.ofNullable(replay(contractId, instant, step -> {}));
    }

    /**
     * Folds the contract's events recorded until {@code until} (all when null) a page at a time,
     * each page lent the breaches it is about (ADR 0015), and hands every step to {@code steps};
     * returns the last view, without breaches, or null when there was no event. Memory holds one
     * page and one view, whatever the contract's length.
     */
    public ContractView replay(String contractId, Instant until, Consumer<ContractFold.Transition> steps) {
        return fold(contractId, until, steps, false);
    }

    /**
     * @param keepBreaches whether the view keeps the breaches it folds (and so needs none lent), or
     *     is lent each page's and stripped of them after it
     */
    private ContractView fold(
            String contractId, Instant until, Consumer<ContractFold.Transition> steps, boolean keepBreaches) {
        ContractView view = null;
        for (List<EventEnvelope> page : eventLog.pages(contractId, until, asOfPage)) {
            List<ContractEvent> events = page.stream().map(EventEnvelope::event).toList();
            List<BreachView> lent = keepBreaches
                    ? List.of()
                    : Breaches.lend(template, Map.of(contractId, events)).getOrDefault(contractId, List.of());
            if (view != null && !lent.isEmpty()) {
                view = view.withBreaches(lent);
            }
            for (int i = 0; i < page.size(); i++) {
                EventEnvelope envelope = page.get(i);
                ContractEvent event = events.get(i);
                ContractView after = ContractFold.apply(view, event, ContractFold.Stamp.of(envelope));
                steps.accept(new ContractFold.Transition(envelope, event, view, after));
                view = after;
            }
            view = keepBreaches ? view : view.withoutBreaches();
        }
        return view;
    }

    /** A page of summaries; {@code today} (UTC) decides which open clauses are overdue. */
    public Page<ContractSummary> list(
            String clientId,
            String supplierId,
            String status,
            Optional<String[]> parties,
            int page,
            int size,
            LocalDate today) {
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
                .map(view -> ContractSummary.of(view, today))
                .toList();
        return new Page<>(items, page, size, total);
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
            long overdueClauses,
            long pendingProposals,
            Instant updatedAt) {

        /**
         * {@code overdueClauses} counts the open clauses whose review-by date has passed by {@code
         * today}, by the one rule ({@link ContractView#isOverdue}): the contracts page marked a
         * contract from the first page of {@code /api/open-clauses?overdue=true}, which left
         * contracts unmarked once more than a page of clauses were overdue.
         */
        static ContractSummary of(ContractView v, LocalDate today) {
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
                    v.clauses().stream().filter(c -> v.isOverdue(c, today)).count(),
                    v.clauses().stream().filter(c -> c.pending() != null).count(),
                    v.asOf());
        }
    }

    public record Page<T>(List<T> items, int page, int size, long total) {}
}
