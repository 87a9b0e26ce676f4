package com.slaledger.projection.scorecard;

import com.slaledger.api.ContractVersion;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.SatisfactionView;
import com.slaledger.projection.ingest.CopyRows;
import com.slaledger.projection.ingest.InPlace;
import com.slaledger.projection.ingest.StagedRows;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes what each contract adds to its supplier's scorecard ({@code scorecard_contract}, {@code
 * scorecard_month}), from the contract's current view: by the writer next to the view, live and in
 * a rebuild, and by the migration that filled them for views stored before them (ADR 0016).
 */
public final class ScorecardRows {

    private static final String SCORECARD_CONTRACT = """
            scorecard_contract (contract_id, supplier_id, supplier_name, client_id, active, signed, reached_two,
                activated_at, breaches, ratings, rating_sum, recommends, filled_in_days, two_point_zero_at)""";
    private static final String SCORECARD_MONTH =
            "scorecard_month (contract_id, month, supplier_id, currency, credited, cap_reached)";

    /**
     * One contract's months, by the key's first column. Not one statement over the batch's
     * contracts ({@code contract_id = ANY (?)}): with statistics from when the table held few
     * contracts, PostgreSQL reckoned a batch's 900 of them to be most of the table and scanned all
     * of it, over a second a batch in a rebuild (ADR 0009). {@code ScorecardRowsPlanTest} holds
     * this statement to the key's index under such statistics.
     */
    static final String DELETE_MONTHS = "DELETE FROM scorecard_month WHERE contract_id = ?";

    /** The columns the upsert's conflict updates; the contract's 2.0 read as it reads it. */
    private static final String UPDATE_CONTRACT = """
            UPDATE scorecard_contract SET supplier_name = ?, active = ?, signed = ?, reached_two = ?,
                activated_at = ?, breaches = ?, ratings = ?, rating_sum = ?, recommends = ?, filled_in_days = ?,
                two_point_zero_at = (SELECT reached_at FROM contract_version WHERE contract_id = ? AND major = 2 AND minor = 0)
            WHERE contract_id = ?""";

    private static final String UPDATE_MONTH = """
            UPDATE scorecard_month SET supplier_id = ?, currency = ?, credited = ?, cap_reached = ?
            WHERE contract_id = ? AND month = ?""";

    /** A contract's row replaces the one stored: every column but the keys it is found and grouped by. */
    private static final String CONTRACT_UPSERT = """
             ON CONFLICT (contract_id) DO UPDATE SET supplier_name = EXCLUDED.supplier_name,
                active = EXCLUDED.active, signed = EXCLUDED.signed, reached_two = EXCLUDED.reached_two,
                activated_at = EXCLUDED.activated_at, breaches = EXCLUDED.breaches,
                ratings = EXCLUDED.ratings, rating_sum = EXCLUDED.rating_sum,
                recommends = EXCLUDED.recommends, filled_in_days = EXCLUDED.filled_in_days,
                two_point_zero_at = EXCLUDED.two_point_zero_at""";

    /** The contracts' rows staged without their 2.0, which the upsert reads as {@link #UPDATE_CONTRACT} does. */
    private static final StagedRows CONTRACTS_STAGED = new StagedRows(
            "scorecard_contract",
            "contract_id, supplier_id, supplier_name, client_id, active, signed, reached_two, activated_at, breaches,"
                    + " ratings, rating_sum, recommends, filled_in_days",
            false,
            "INSERT INTO " + SCORECARD_CONTRACT + """
             SELECT s.contract_id, s.supplier_id, s.supplier_name, s.client_id, s.active, s.signed, s.reached_two,
                s.activated_at, s.breaches, s.ratings, s.rating_sum, s.recommends, s.filled_in_days,
                (SELECT reached_at FROM contract_version v WHERE v.contract_id = s.contract_id AND v.major = 2
                    AND v.minor = 0)
            FROM scorecard_contract_staged s
            """ + CONTRACT_UPSERT);

    private static final StagedRows MONTHS_STAGED = StagedRows.of(
            "scorecard_month",
            "contract_id, month, supplier_id, currency, credited, cap_reached",
            false,
            " ON CONFLICT (contract_id, month) DO UPDATE SET supplier_id = EXCLUDED.supplier_id,"
                    + " currency = EXCLUDED.currency, credited = EXCLUDED.credited,"
                    + " cap_reached = EXCLUDED.cap_reached");

    private ScorecardRows() {}

    /**
     * Replaces the rows of these contracts with the figures of these views. Their versions are
     * written first: the row takes when the contract reached 2.0 from {@code contract_version}.
     */
    public static void write(JdbcTemplate jdbc, List<ContractView> views) {
        write(jdbc, views, Map.of(), false);
    }

    /**
     * Brings the rows of these contracts to the figures of these views, writing only what differs
     * from the figures of the views they were stored from ({@code stored}, by contract; a contract
     * without one has its rows replaced whole). A changed row is updated in place, not deleted and
     * inserted again: during P1 each contract's months, rewritten per batch, were a seventh of the
     * WAL's records (ADR 0009). A row that should have been there and was not is written all the
     * same.
     *
     * <p>{@code staged}: the rebuild's writer, which may create temporary tables, upserts the
     * contracts' and months' rows it writes from a {@linkplain StagedRows staged copy} by the same
     * rules, instead of updating them one statement each (ADR 0009).
     */
    public static void write(
            JdbcTemplate jdbc, List<ContractView> views, Map<String, ContractView> stored, boolean staged) {
        List<ContractView> whole = new ArrayList<>();
        List<Object[]> contractsChanged = new ArrayList<>();
        List<Object[]> monthsAdded = new ArrayList<>();
        List<Object[]> monthsChanged = new ArrayList<>();
        List<Object[]> monthsGone = new ArrayList<>();
        for (ContractView view : views) {
            ContractView before = stored.get(view.contractId());
            if (before == null) {
                whole.add(view);
                continue;
            }
            Object[] row = contract(view);
            if (!Arrays.deepEquals(row, contract(before))) {
                contractsChanged.add(row);
            }
            Map<String, Object[]> monthsBefore = byMonth(before);
            byMonth(view).forEach((month, monthRow) -> {
                Object[] was = monthsBefore.remove(month);
                if (was == null) {
                    monthsAdded.add(monthRow);
                } else if (!Arrays.deepEquals(monthRow, was)) {
                    monthsChanged.add(monthRow);
                }
            });
            monthsBefore.keySet().forEach(month -> monthsGone.add(new Object[] {view.contractId(), month}));
        }
        jdbc.batchUpdate(
                DELETE_MONTHS,
                whole.stream().map(v -> new Object[] {v.contractId()}).toList());
        jdbc.batchUpdate("DELETE FROM scorecard_month WHERE contract_id = ? AND month = ?", monthsGone);
        if (staged) {
            CONTRACTS_STAGED.upsert(
                    jdbc,
                    concat(
                                    contractsChanged,
                                    whole.stream().map(ScorecardRows::contract).toList())
                            .stream()
                            .map(row -> Arrays.copyOf(row, row.length - 1))
                            .toList());
            MONTHS_STAGED.upsert(jdbc, concat(concat(monthsAdded, monthsChanged), months(whole)));
            return;
        }
        upsertContracts(
                jdbc,
                concat(
                        InPlace.update(jdbc, UPDATE_CONTRACT, contractsChanged, ScorecardRows::contractUpdate),
                        whole.stream().map(ScorecardRows::contract).toList()));
        List<Object[]> monthsMissing = InPlace.update(jdbc, UPDATE_MONTH, monthsChanged, ScorecardRows::monthUpdate);
        jdbc.batchUpdate(
                "INSERT INTO " + SCORECARD_MONTH + " VALUES (?, ?, ?, ?, ?, ?)",
                concat(concat(monthsAdded, monthsMissing), months(whole)));
    }

    private static void upsertContracts(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate("INSERT INTO " + SCORECARD_CONTRACT + """
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                            (SELECT reached_at FROM contract_version WHERE contract_id = ? AND major = 2 AND minor = 0))
                        """ + CONTRACT_UPSERT, rows);
    }

    /** A contract's row as {@link #UPDATE_CONTRACT}'s parameters. */
    private static Object[] contractUpdate(Object[] row) {
        return new Object[] {
            row[2], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11], row[12], row[13], row[0]
        };
    }

    /** A month's row as {@link #UPDATE_MONTH}'s parameters. */
    private static Object[] monthUpdate(Object[] row) {
        return new Object[] {row[2], row[3], row[4], row[5], row[0], row[1]};
    }

    private static List<Object[]> concat(List<Object[]> first, List<Object[]> second) {
        List<Object[]> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static Map<String, Object[]> byMonth(ContractView view) {
        Map<String, Object[]> rows = new HashMap<>();
        months(List.of(view)).forEach(row -> rows.put((String) row[1], row));
        return rows;
    }

    /**
     * The rows of contracts that have none yet, copied in (a rebuild's fresh tables, ADR 0015),
     * with when each reached 2.0 as {@link #write} reads it from {@code contract_version}.
     */
    public static void copy(JdbcTemplate jdbc, List<ContractView> views, Map<String, Timestamp> reachedTwoPointZero) {
        CopyRows.copy(
                jdbc,
                SCORECARD_CONTRACT,
                views.stream()
                        .map(v -> {
                            Object[] row = contract(v);
                            row[row.length - 1] = reachedTwoPointZero.get(v.contractId());
                            return row;
                        })
                        .toList());
        CopyRows.copy(jdbc, SCORECARD_MONTH, months(views));
    }

    private static List<Object[]> months(List<ContractView> views) {
        return views.stream()
                .flatMap(v -> v.credits().stream().map(m -> new Object[] {
                    v.contractId(),
                    m.month().toString(),
                    v.supplierId(),
                    m.credited().currency().getCurrencyCode(),
                    m.credited().amount(),
                    m.capReached()
                }))
                .toList();
    }

    /** A contract's row; its last value is the contract's id again, where the row's 2.0 is read. */
    private static Object[] contract(ContractView v) {
        return new Object[] {
            v.contractId(),
            v.supplierId(),
            v.supplierName(),
            v.clientId(),
            v.status() == ContractView.ContractStatus.ACTIVE,
            v.version() != null,
            v.version() != null && ContractVersion.parse(v.version()).major() >= 2,
            v.activatedAt() == null ? null : Timestamp.from(v.activatedAt()),
            v.breachCount() - v.withdrawnCount(),
            v.satisfaction().size(),
            v.satisfaction().stream().mapToInt(SatisfactionView::score).sum(),
            (int) v.satisfaction().stream()
                    .filter(SatisfactionView::wouldRecommend)
                    .count(),
            filledInDays(v),
            v.contractId()
        };
    }

    /** Days from opening to filling in, of each clause agreed after it had been open. */
    private static Double[] filledInDays(ContractView view) {
        return view.clauses().stream()
                .filter(c ->
                        c.openedAt() != null && c.filledInAt() != null && c.state() == ClauseView.ClauseState.AGREED)
                .map(c -> Duration.between(c.openedAt(), c.filledInAt()).toSeconds() / 86_400.0)
                .toArray(Double[]::new);
    }
}
