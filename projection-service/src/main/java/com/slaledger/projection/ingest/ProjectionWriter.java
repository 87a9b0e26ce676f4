package com.slaledger.projection.ingest;

import com.slaledger.api.ContractVersion;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.failure.Failures;
import com.slaledger.projection.contractview.Breaches;
import com.slaledger.projection.history.TimelineLine;
import com.slaledger.projection.scorecard.ScorecardRows;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies a batch of events to the read models in the schema its {@link JdbcTemplate} points at.
 * Used by the live consumer (one poll at a time) and by the rebuild (large batches into a fresh
 * schema): one code path, so a rebuild gives what the live projection gives.
 *
 * <p>Idempotent per (contractId, sequence): an event at or below the contract's last sequence is a
 * duplicate and skipped. An event beyond the next expected sequence is parked, never applied out of
 * order; when the missing event arrives, the parked ones follow it in order. A contract that was
 * parked for good ({@link #park}) applies nothing more: its events wait in {@code parked_event}.
 * The caller supplies the transaction.
 *
 * <p>Work per event does not grow with the contract (ADR 0015): breaches live in rows of their own,
 * and a stored view holds none. Before folding, the writer lends each view the breaches its events
 * are about, read by key; after folding, it writes the breaches that changed and stores the view
 * without them.
 */
public class ProjectionWriter {

    private static final Logger log = LoggerFactory.getLogger(ProjectionWriter.class);

    private static final String EVENT_LOG =
            "event_log (contract_id, sequence, type, occurred_at, recorded_at, contract_version, envelope, entry)";
    private static final String VIEW_COLUMNS =
            "contract_id, status, client_id, supplier_id, version, last_sequence, updated_at, view";
    private static final String CONTRACT_VIEW = "contract_view (" + VIEW_COLUMNS + ")";
    private static final String VIEW_UPSERT = " ON CONFLICT (contract_id) DO UPDATE SET status = EXCLUDED.status,"
            + " version = EXCLUDED.version, last_sequence = EXCLUDED.last_sequence,"
            + " updated_at = EXCLUDED.updated_at, view = EXCLUDED.view";
    private static final String CONTRACT_VERSION =
            "contract_version (contract_id, major, minor, version, sequence, reached_at, view)";
    private static final String OPEN_CLAUSE =
            "open_clause (contract_id, clause_id, heading, intent, review_by, review_due, client_id, supplier_id)";
    private static final String BREACH_COLUMNS = "contract_id, breach_id, sequence, clause_id, occurred_at, view";
    private static final String BREACH = "breach (" + BREACH_COLUMNS + ")";
    private static final String BREACH_UPSERT =
            " ON CONFLICT (contract_id, breach_id) DO UPDATE SET view = EXCLUDED.view";
    private static final StagedRows BREACHES_STAGED = StagedRows.of("breach", BREACH_COLUMNS, true, BREACH_UPSERT);
    private static final StagedRows VIEWS_STAGED = StagedRows.of("contract_view", VIEW_COLUMNS, true, VIEW_UPSERT);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CommittedViews committed;
    private final boolean copyNewRows;
    private Boolean mayStage;

    /**
     * @param committed where the live writer hands the views of each transaction once it has
     *     committed, and reads a contract's view back from instead of the table; {@link
     *     CommittedViews#lastBatch} for a rebuild lane, which writes into another schema
     */
    public ProjectionWriter(JdbcTemplate jdbc, Clock clock, CommittedViews committed) {
        this(jdbc, clock, committed, false);
    }

    /**
     * @param copyNewRows whether rows that cannot be in the table yet go in with {@code COPY}
     *     instead of inserts: for the rebuild, which fills fresh tables (ADR 0015). These are the
     *     event log's and the versions' rows, which are only ever added, and every row of a
     *     contract that had no view before the batch. A contract's later batches replace its rows
     *     by the live writer's rules; its breaches and view are upserted from a staged copy where
     *     the login may create temporary tables ({@link #mayStage}), by the live writer's
     *     statements elsewhere.
     */
    public ProjectionWriter(JdbcTemplate jdbc, Clock clock, CommittedViews committed, boolean copyNewRows) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.committed = committed;
        this.copyNewRows = copyNewRows;
    }

    /**
     * Current views as committed (ADR 0008): handed over after each commit, so what it holds is
     * never ahead of the table nor behind a commit this process made.
     */
    public interface CommittedViews {

        /** The contract's view as last committed, or null when not held. */
        ContractView held(String contractId);

        /** Views of a transaction that has just committed. */
        void committed(List<ContractView> views);

        /**
         * Contracts a transaction wrote to without a confirmed commit: rolled back, or failed on
         * commit, which may have committed all the same (a connection lost while committing). What
         * is held of them may be behind the table; they are read from the table next time.
         */
        void uncertain(List<String> contractIds);

        /**
         * For one rebuild lane: the views of its last committed batch, and nothing after a batch
         * without a confirmed commit. A contract of many events is in most of a lane's batches, and
         * reading its view back each time was a twelfth of the writers' own work on such contracts
         * (ADR 0009). Lanes share no contract, and the lane's writer is the only one writing its
         * schema, so what this holds is what the table holds.
         */
        static CommittedViews lastBatch() {
            return new CommittedViews() {
                private Map<String, ContractView> views = Map.of();

                @Override
                public ContractView held(String contractId) {
                    return views.get(contractId);
                }

                @Override
                public void committed(List<ContractView> committed) {
                    Map<String, ContractView> last = new HashMap<>(committed.size() * 2);
                    committed.forEach(v -> last.put(v.contractId(), v));
                    views = last;
                }

                @Override
                public void uncertain(List<String> contractIds) {
                    views = Map.of();
                }
            };
        }
    }

    /**
     * What a batch did: the views it changed; the views of contracts whose events it found stored
     * already and that were not held ({@code confirmed}: after a commit whose answer was lost, this
     * is the first the service knows of them); and how many events were skipped or parked.
     */
    public record Outcome(
            List<ContractView> changed, List<ContractView> confirmed, int applied, int duplicates, int parked) {

        static Outcome sum(List<Outcome> outcomes) {
            return new Outcome(
                    outcomes.stream().flatMap(o -> o.changed().stream()).toList(),
                    outcomes.stream().flatMap(o -> o.confirmed().stream()).toList(),
                    outcomes.stream().mapToInt(Outcome::applied).sum(),
                    outcomes.stream().mapToInt(Outcome::duplicates).sum(),
                    outcomes.stream().mapToInt(Outcome::parked).sum());
        }
    }

    public Outcome apply(List<EventEnvelope> batch) {
        return apply(batch, Map.of());
    }

    /**
     * How an envelope arrived: its UTF-8 text, which the event log keeps as it is (it spares
     * writing each envelope anew), and its event when it was read already. An envelope read with
     * its event no longer holds its payload's tree (ADR 0009); its text is the envelope whole.
     */
    public record Arrival(byte[] text, ContractEvent event) {}

    /**
     * @param arrivals how the envelopes arrived, by identity. An envelope without one is written by
     *     the shared JSON setup, and its event read from its payload.
     */
    public Outcome apply(List<EventEnvelope> batch, Map<EventEnvelope, Arrival> arrivals) {
        Map<String, List<EventEnvelope>> byContract = new LinkedHashMap<>();
        // Each payload read into its event once (by identity): the breaches to lend and the fold need it.
        Map<String, List<ContractEvent>> eventsByContract = new HashMap<>();
        Map<EventEnvelope, ContractEvent> events = new IdentityHashMap<>(batch.size());
        for (EventEnvelope envelope : batch) {
            ContractEvent event = eventOf(envelope, arrivals);
            events.put(envelope, event);
            byContract
                    .computeIfAbsent(envelope.contractId(), id -> new ArrayList<>())
                    .add(envelope);
            eventsByContract
                    .computeIfAbsent(envelope.contractId(), id -> new ArrayList<>())
                    .add(event);
        }
        Set<String> poisoned = loadParkedContracts(byContract.keySet());
        Set<String> notHeld = new HashSet<>();
        Map<String, ContractView> views = loadViews(byContract.keySet(), notHeld);
        Map<String, TreeMap<Long, EventEnvelope>> parked = loadParked(byContract.keySet());
        // Events that waited for a gap may follow in this batch: they are read, and lent their breaches,
        // too. Not those of a contract parked for good: they stay as they are, one of them unreadable.
        parked.forEach((contractId, waiting) -> {
            if (!poisoned.contains(contractId)) {
                waiting.values().forEach(envelope -> {
                    ContractEvent event = envelope.event();
                    events.put(envelope, event);
                    eventsByContract
                            .computeIfAbsent(contractId, id -> new ArrayList<>())
                            .add(event);
                });
            }
        });
        Map<String, List<BreachView>> lent = Breaches.lend(jdbc, eventsByContract);
        List<EventEnvelope> applied = new ArrayList<>();
        List<TimelineLine> lines = new ArrayList<>();
        List<Object[]> versions = new ArrayList<>();
        List<EventEnvelope> toPark = new ArrayList<>();
        List<Object[]> unpark = new ArrayList<>();
        List<ContractView> changed = new ArrayList<>();
        List<ContractView> confirmed = new ArrayList<>();
        List<Object[]> breaches = new ArrayList<>(); // lent and changed
        List<Object[]> recorded = new ArrayList<>(); // recorded in the batch
        Set<String> created = new HashSet<>(); // contracts without a view before: their rows are copied in
        int duplicates = 0;

        List<EventEnvelope> behindParked = new ArrayList<>();
        for (Map.Entry<String, List<EventEnvelope>> entry : byContract.entrySet()) {
            String contractId = entry.getKey();
            if (poisoned.contains(contractId)) {
                behindParked.addAll(entry.getValue());
                continue;
            }
            TreeMap<Long, EventEnvelope> waiting = parked.getOrDefault(contractId, new TreeMap<>());
            TreeMap<Long, EventEnvelope> alreadyParked = new TreeMap<>(waiting);
            ContractView before = views.get(contractId);
            long lastBefore = before == null ? -1 : before.lastSequence();
            long last = lastBefore;
            List<BreachView> lentBreaches = lent.getOrDefault(contractId, List.of());
            ContractView view = lentBreaches.isEmpty() ? before : before.withBreaches(lentBreaches);
            int duplicatesBefore = duplicates;
            for (EventEnvelope envelope : entry.getValue()) {
                if (envelope.sequence() <= last || waiting.containsKey(envelope.sequence())) {
                    duplicates++;
                } else {
                    waiting.put(envelope.sequence(), envelope);
                }
            }
            while (!waiting.isEmpty() && waiting.firstKey() == last + 1) {
                EventEnvelope next = waiting.pollFirstEntry().getValue();
                String versionBefore = view == null ? null : view.version();
                ContractEvent event = events.get(next);
                ContractView prior = view;
                view = ContractFold.apply(view, event, ContractFold.Stamp.of(next));
                applied.add(next);
                lines.add(TimelineLine.of(event, prior, view));
                last = next.sequence();
                if (alreadyParked.containsKey(next.sequence())) {
                    unpark.add(new Object[] {contractId, next.sequence()});
                }
                if (view.version() != null && !view.version().equals(versionBefore)) {
                    ContractVersion v = ContractVersion.parse(view.version());
                    versions.add(new Object[] {
                        contractId,
                        v.major(),
                        v.minor(),
                        view.version(),
                        next.sequence(),
                        Timestamp.from(ContractFold.Stamp.of(next).at()),
                        json(view.withoutBreaches())
                    });
                }
            }
            waiting.values().stream()
                    .filter(e -> !alreadyParked.containsKey(e.sequence()))
                    .forEach(toPark::add);
            if (last != lastBefore) { // events applied, not only breaches lent
                for (Object[] row : changedBreaches(contractId, view.breaches(), lentBreaches)) {
                    ((Long) row[2] > lastBefore ? recorded : breaches).add(row);
                }
                if (before == null && copyNewRows) {
                    created.add(contractId);
                }
                changed.add(view.withoutBreaches());
            } else if (before != null
                    && notHeld.contains(contractId)
                    && duplicates - duplicatesBefore == entry.getValue().size()) {
                confirmed.add(before.withoutBreaches());
            }
        }

        write(applied, arrivals, lines, changed, views, created, versions, toPark, unpark);
        writeBreaches(recorded, breaches, created);
        keepWaiting(behindParked, arrivals);
        handOverOnCommit(confirmed.isEmpty() ? changed : concat(changed, confirmed));
        return new Outcome(changed, confirmed, applied.size(), duplicates, toPark.size() + behindParked.size());
    }

    /** One contract's breaches to write: those recorded or changed since they were lent. */
    private static List<Object[]> changedBreaches(
            String contractId, List<BreachView> after, List<BreachView> lentBreaches) {
        Set<BreachView> unchanged = Collections.newSetFromMap(new IdentityHashMap<>());
        unchanged.addAll(lentBreaches);
        return after.stream()
                .filter(b -> !unchanged.contains(b))
                .map(b -> new Object[] {
                    contractId, b.breachId(), b.sequence(), b.clauseId(), Timestamp.from(b.occurredAt()), json(b)
                })
                .toList();
    }

    /**
     * Inserts the breaches recorded in the batch, and replaces the view of a changed one (its
     * sequence and clause never change). The live writer upserts them all. A copying writer (the
     * rebuild) copies in the breaches of contracts created in the batch, and copies those recorded
     * in the batch as well: a contract records a breach's id once (it refuses another with {@code
     * BREACH_EXISTS}), so their rows are new, and upserting them cost the rebuild's server more
     * than copying (ADR 0009). Should the topic hold an id twice all the same, the copy is undone
     * to a savepoint and they are upserted with the rest, as the live writer would. The changed
     * ones are upserted from a staged copy where the login may ({@link #mayStage}), by the live
     * writer's statement elsewhere.
     */
    private void writeBreaches(List<Object[]> recorded, List<Object[]> changed, Set<String> created) {
        if (!copyNewRows) {
            // Lent breaches before new ones, as they stand in each view.
            upsertBreaches(concat(changed, recorded));
            return;
        }
        List<Object[]> copied = new ArrayList<>();
        List<Object[]> recordedLater = new ArrayList<>(); // of contracts from earlier batches
        List<Object[]> upserted = new ArrayList<>();
        recorded.forEach(row -> (created.contains((String) row[0]) ? copied : recordedLater).add(row));
        changed.forEach(row -> (created.contains((String) row[0]) ? copied : upserted).add(row));
        CopyRows.copyBinary(jdbc, BREACH, copied);
        upsertBreaches(copiedAsNew(recordedLater) ? upserted : concat(upserted, recordedLater));
    }

    /**
     * Copies in rows that should be new to the breach table, within a savepoint: false, with
     * nothing copied, when one of them was there already.
     */
    private boolean copiedAsNew(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        boolean copied = true;
        jdbc.execute("SAVEPOINT breaches_recorded");
        try {
            CopyRows.copyBinary(jdbc, BREACH, rows);
        } catch (DuplicateKeyException e) {
            jdbc.execute("ROLLBACK TO SAVEPOINT breaches_recorded");
            log.warn(
                    "a breach recorded again in a batch of the rebuild; its row is replaced as live replaces it ({})",
                    Failures.describe(e));
            copied = false;
        }
        jdbc.execute("RELEASE SAVEPOINT breaches_recorded");
        return copied;
    }

    private void upsertBreaches(List<Object[]> rows) {
        if (copyNewRows && mayStage()) {
            BREACHES_STAGED.upsert(jdbc, rows);
            return;
        }
        jdbc.batchUpdate(
                "INSERT INTO " + BREACH + " VALUES (?, ?, ?, ?, ?, convert_from(?, 'UTF8'))" + BREACH_UPSERT, rows);
    }

    /**
     * Whether this writer's login may create temporary tables, asked of the database once: the
     * staged upserts need it (docker/postgres/init.sql grants it). Without it the rebuild writes
     * those rows with the live writer's statements, slower and the same.
     */
    protected boolean mayStage() {
        if (mayStage == null) {
            mayStage = Boolean.TRUE.equals(jdbc.queryForObject(
                    "SELECT has_database_privilege(current_database(), 'TEMPORARY')", Boolean.class));
            if (!mayStage) {
                log.warn("the rebuild may not create temporary tables here, and writes the rows of contracts from"
                        + " earlier batches one statement each; GRANT TEMPORARY ON DATABASE to its login (README)");
            }
        }
        return mayStage;
    }

    /**
     * The views go to {@link CommittedViews} once they are committed. When the commit is not
     * confirmed, their contracts are {@linkplain CommittedViews#uncertain uncertain}: a commit whose
     * answer was lost (PostgreSQL restarted while committing) may have stored them, and the retried
     * batch must then see its events as duplicates rather than apply them again on the view held
     * from before.
     */
    private void handOverOnCommit(List<ContractView> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<ContractView> done = List.copyOf(changed);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed.committed(done); // no transaction: every statement has committed already
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    committed.committed(done);
                } else {
                    committed.uncertain(
                            done.stream().map(ContractView::contractId).toList());
                }
            }
        });
    }

    /**
     * Parks a contract for good: its event at {@code sequence} (or an unreadable record, kept as
     * {@code raw}) could not be applied. The given events wait in {@code parked_event}, as they
     * arrived.
     */
    public void park(
            String contractId,
            Long sequence,
            String reason,
            byte[] raw,
            List<EventEnvelope> events,
            Map<EventEnvelope, Arrival> arrivals) {
        jdbc.update("""
                        INSERT INTO parked_contract (contract_id, sequence, reason, raw, parked_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (contract_id) DO NOTHING""", contractId, sequence, reason, raw, Timestamp.from(clock.instant()));
        keepWaiting(events, arrivals);
    }

    private void keepWaiting(List<EventEnvelope> events, Map<EventEnvelope, Arrival> arrivals) {
        jdbc.batchUpdate(
                """
                        INSERT INTO parked_event (contract_id, sequence, envelope, parked_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (contract_id, sequence) DO NOTHING""",
                events.stream()
                        .map(e -> new Object[] {
                            e.contractId(),
                            e.sequence(),
                            new String(textOf(e, arrivals), StandardCharsets.UTF_8),
                            Timestamp.from(clock.instant())
                        })
                        .toList());
    }

    private static ContractEvent eventOf(EventEnvelope envelope, Map<EventEnvelope, Arrival> arrivals) {
        Arrival arrival = arrivals.get(envelope);
        return arrival != null && arrival.event() != null ? arrival.event() : envelope.event();
    }

    /** The envelope's text: as it arrived, else as the shared JSON setup writes it. */
    private static byte[] textOf(EventEnvelope envelope, Map<EventEnvelope, Arrival> arrivals) {
        Arrival arrival = arrivals.get(envelope);
        return arrival != null ? arrival.text() : SlaJson.mapper().writeValueAsBytes(envelope);
    }

    /**
     * The batch's contracts that are parked for good. {@code FOR SHARE}: a batch with an event of a
     * contract being retried ({@link ParkedRetry}) waits for the retry's commit, and then finds the
     * contract parked still or applied up to where the retry left it, never between the two.
     */
    private Set<String> loadParkedContracts(Set<String> contractIds) {
        return Set.copyOf(jdbc.queryForList(
                "SELECT contract_id FROM parked_contract WHERE contract_id = ANY (?) FOR SHARE", String.class, (Object)
                        contractIds.toArray(String[]::new)));
    }

    private void write(
            List<EventEnvelope> applied,
            Map<EventEnvelope, Arrival> arrivals,
            List<TimelineLine> lines,
            List<ContractView> changed,
            Map<String, ContractView> stored,
            Set<String> created,
            List<Object[]> versions,
            List<EventEnvelope> toPark,
            List<Object[]> unpark) {
        TimelineLine.Writer lineWriter = new TimelineLine.Writer();
        List<Object[]> logged = java.util.stream.IntStream.range(0, applied.size())
                .mapToObj(i -> {
                    EventEnvelope e = applied.get(i);
                    return new Object[] {
                        e.contractId(),
                        e.sequence(),
                        e.type(),
                        Timestamp.from(e.occurredAt()),
                        Timestamp.from(e.recordedAt()),
                        e.contractVersion(),
                        textOf(e, arrivals),
                        lineWriter.bytes(lines.get(i))
                    };
                })
                .toList();
        List<ContractView> replaced = new ArrayList<>();
        List<ContractView> added = new ArrayList<>();
        changed.forEach(v -> (created.contains(v.contractId()) ? added : replaced).add(v));
        if (copyNewRows) {
            CopyRows.copyBinary(jdbc, EVENT_LOG, logged);
            CopyRows.copyBinary(jdbc, CONTRACT_VERSION, versions);
            CopyRows.copyBinary(
                    jdbc,
                    CONTRACT_VIEW,
                    added.stream().map(ProjectionWriter::viewRow).toList());
            CopyRows.copyBinary(jdbc, OPEN_CLAUSE, openClauses(added));
            ScorecardRows.copy(jdbc, added, reachedTwoPointZero(versions, created));
        } else {
            jdbc.batchUpdate(
                    "INSERT INTO " + EVENT_LOG + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    logged.stream().map(ProjectionWriter::asText).toList());
            jdbc.batchUpdate(
                    "INSERT INTO " + CONTRACT_VERSION + " VALUES (?, ?, ?, ?, ?, ?, convert_from(?, 'UTF8'))",
                    versions);
        }
        if (copyNewRows && mayStage()) {
            // Upserted from a staged copy: the updates' parameters cost the rebuild's writers a
            // tenth of their time on long contracts (ADR 0009).
            VIEWS_STAGED.upsert(
                    jdbc, replaced.stream().map(ProjectionWriter::viewRow).toList());
        } else {
            // A view stored before is updated in place (InPlace).
            List<ContractView> inserted = new ArrayList<>();
            List<ContractView> updated = new ArrayList<>();
            replaced.forEach(v -> (stored.get(v.contractId()) != null ? updated : inserted).add(v));
            inserted.addAll(InPlace.update(
                    jdbc,
                    "UPDATE contract_view SET status = ?, version = ?, last_sequence = ?, updated_at = ?,"
                            + " view = convert_from(?, 'UTF8') WHERE contract_id = ?",
                    updated,
                    ProjectionWriter::viewUpdate));
            jdbc.batchUpdate(
                    "INSERT INTO " + CONTRACT_VIEW + " VALUES (?, ?, ?, ?, ?, ?, ?, convert_from(?, 'UTF8'))"
                            + VIEW_UPSERT,
                    inserted.stream().map(ProjectionWriter::viewRow).toList());
        }
        ScorecardRows.write(jdbc, replaced, stored, copyNewRows && mayStage());
        // By contract, as the scorecard's months and for the same reason (ScorecardRows.DELETE_MONTHS);
        // only those whose open clauses changed.
        List<ContractView> reopened = replaced.stream()
                .filter(v -> stored.get(v.contractId()) == null
                        || !sameRows(openClauses(List.of(v)), openClauses(List.of(stored.get(v.contractId())))))
                .toList();
        jdbc.batchUpdate(
                "DELETE FROM open_clause WHERE contract_id = ?",
                reopened.stream().map(v -> new Object[] {v.contractId()}).toList());
        jdbc.batchUpdate("INSERT INTO " + OPEN_CLAUSE + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", openClauses(reopened));
        keepWaiting(toPark, arrivals);
        jdbc.batchUpdate("DELETE FROM parked_event WHERE contract_id = ? AND sequence = ?", unpark);
    }

    private static Object[] viewRow(ContractView v) {
        return new Object[] {
            v.contractId(),
            v.status().name(),
            v.clientId(),
            v.supplierId(),
            v.version(),
            v.lastSequence(),
            Timestamp.from(v.asOf()),
            json(v)
        };
    }

    /** {@link #viewRow}'s values as the update's parameters: what an upsert's conflict changes, then the key. */
    private static Object[] viewUpdate(ContractView v) {
        Object[] row = viewRow(v);
        return new Object[] {row[1], row[4], row[5], row[6], row[7], row[0]};
    }

    private static boolean sameRows(List<Object[]> first, List<Object[]> second) {
        return Arrays.deepEquals(first.toArray(), second.toArray());
    }

    /**
     * The rows of {@code open_clause}: the clauses the parties can still fill in (a termination
     * removes its contract's; {@link ContractView#clausesToFillIn}).
     */
    private static List<Object[]> openClauses(List<ContractView> views) {
        return views.stream()
                .flatMap(v -> v.clausesToFillIn().stream().map(c -> new Object[] {
                    v.contractId(),
                    c.clauseId(),
                    c.heading(),
                    c.intent(),
                    c.reviewBy(),
                    c.reviewDue(),
                    v.clientId(),
                    v.supplierId()
                }))
                .toList();
    }

    /**
     * When each new contract reached 2.0, from this batch's version rows: a contract without a
     * view before the batch has all its versions in it. The live writer's scorecard row reads
     * the same from {@code contract_version}.
     */
    private static Map<String, Timestamp> reachedTwoPointZero(List<Object[]> versions, Set<String> created) {
        Map<String, Timestamp> reached = new HashMap<>();
        for (Object[] version : versions) {
            if (created.contains((String) version[0]) && (int) version[1] == 2 && (int) version[2] == 0) {
                reached.put((String) version[0], (Timestamp) version[5]);
            }
        }
        return reached;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /**
     * The views as committed: those held after an earlier commit, the rest read from the table;
     * {@code notHeld} receives the ids of the rest.
     */
    private Map<String, ContractView> loadViews(Set<String> contractIds, Set<String> notHeld) {
        Map<String, ContractView> views = new HashMap<>();
        for (String contractId : contractIds) {
            ContractView held = committed.held(contractId);
            if (held == null) {
                notHeld.add(contractId);
            } else {
                views.put(contractId, held);
            }
        }
        if (!notHeld.isEmpty()) {
            jdbc.query(
                    "SELECT contract_id, view FROM contract_view WHERE contract_id = ANY (?)",
                    rs -> {
                        views.put(rs.getString(1), SlaJson.mapper().readValue(rs.getString(2), ContractView.class));
                    },
                    (Object) notHeld.toArray(String[]::new));
        }
        return views;
    }

    private Map<String, TreeMap<Long, EventEnvelope>> loadParked(Set<String> contractIds) {
        Map<String, TreeMap<Long, EventEnvelope>> parked = new HashMap<>();
        jdbc.query(
                "SELECT contract_id, sequence, envelope FROM parked_event WHERE contract_id = ANY (?)",
                rs -> {
                    parked.computeIfAbsent(rs.getString(1), id -> new TreeMap<>())
                            .put(rs.getLong(2), SlaJson.mapper().readValue(rs.getString(3), EventEnvelope.class));
                },
                (Object) contractIds.toArray(String[]::new));
        return parked;
    }

    /** The row with its UTF-8 values as text, for a text column's parameter. */
    private static Object[] asText(Object[] row) {
        Object[] text = row.clone();
        for (int i = 0; i < text.length; i++) {
            if (text[i] instanceof byte[] utf8) {
                text[i] = new String(utf8, StandardCharsets.UTF_8);
            }
        }
        return text;
    }

    /**
     * A view (of a contract, a version or a breach) as JSON for a text column, in UTF-8: the statements read it with {@code
     * convert_from(?, 'UTF8')}. Written as a String it was built as UTF-16, narrowed, and encoded
     * again by the driver: a tenth of the rebuild's allocations (ADR 0009).
     */
    private static byte[] json(Object value) {
        return SlaJson.mapper().writeValueAsBytes(value);
    }
}
