package com.slaledger.projection.scorecard;

import com.slaledger.api.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every supplier's scorecard, aggregated by the database over the rows {@link ScorecardRows}
 * writes, the open clauses and the versions reached (ADR 0016): the work is one pass over a narrow
 * row per contract, and no view is read.
 */
@Repository
public class Scorecards {

    private final JdbcClient jdbc;

    public Scorecards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts and sums of one supplier's contracts. */
    private record Totals(
            String supplierId,
            String supplierName,
            int contracts,
            int active,
            int signed,
            int reachedTwo,
            long breaches,
            int ratings,
            int ratingSum,
            int recommends) {}

    /** A median and how many values it is the median of. */
    private record Median(Double value, int count) {}

    /**
     * The scorecards of all suppliers, by supplier id, without their standing. Its queries read one
     * snapshot of the database, so no figure counts a contract another has not yet seen.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public List<Scorecard> all(LocalDate today) {
        List<Totals> totals = jdbc.sql("""
                        SELECT supplier_id, min(supplier_name), count(*), count(*) FILTER (WHERE active),
                            count(*) FILTER (WHERE signed), count(*) FILTER (WHERE reached_two), sum(breaches),
                            sum(ratings), sum(rating_sum), sum(recommends)
                        FROM scorecard_contract GROUP BY supplier_id ORDER BY supplier_id""")
                .query((rs, row) -> new Totals(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getInt(6),
                        rs.getLong(7),
                        rs.getInt(8),
                        rs.getInt(9),
                        rs.getInt(10)))
                .list();
        // distinct first, then counted: a hash of pairs instead of a sort per supplier
        Map<String, Integer> clients = new HashMap<>();
        jdbc.sql("""
                        SELECT supplier_id, count(*) FROM (SELECT DISTINCT supplier_id, client_id FROM scorecard_contract) pairs
                        GROUP BY supplier_id""")
                .query((rs, row) -> clients.put(rs.getString(1), rs.getInt(2)))
                .list();
        Map<String, Median> filledIn = medians("""
                        SELECT supplier_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY days), count(days)
                        FROM scorecard_contract, unnest(filled_in_days) AS days GROUP BY supplier_id""");
        Map<String, Median> oneToTwo = medians("""
                        SELECT supplier_id,
                            percentile_cont(0.5) WITHIN GROUP (
                                ORDER BY floor(extract(EPOCH FROM two_point_zero_at - activated_at)) / 86400),
                            count(*)
                        FROM scorecard_contract
                        WHERE activated_at IS NOT NULL AND two_point_zero_at IS NOT NULL GROUP BY supplier_id""");
        Map<String, Integer> overdue = new HashMap<>();
        jdbc.sql("SELECT supplier_id, count(*) FROM open_clause WHERE review_by < ? GROUP BY supplier_id")
                .param(Date.valueOf(today))
                .query((rs, row) -> overdue.put(rs.getString(1), rs.getInt(2)))
                .list();
        Map<String, List<Money>> credited = new HashMap<>();
        jdbc.sql("""
                        SELECT supplier_id, currency, sum(credited) FROM scorecard_month
                        GROUP BY supplier_id, currency ORDER BY supplier_id, currency""")
                .query((rs, row) -> credited.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                        .add(new Money(rs.getBigDecimal(3), Currency.getInstance(rs.getString(2)))))
                .list();
        Map<String, int[]> months = new HashMap<>();
        jdbc.sql("""
                        SELECT supplier_id, count(*), count(*) FILTER (WHERE cap_reached) FROM scorecard_month
                        WHERE credited > 0 GROUP BY supplier_id""")
                .query((rs, row) -> months.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)}))
                .list();
        Median none = new Median(null, 0);
        return totals.stream()
                .map(t -> {
                    Median days = filledIn.getOrDefault(t.supplierId(), none);
                    int[] creditedMonths = months.getOrDefault(t.supplierId(), new int[] {0, 0});
                    return new Scorecard(
                            t.supplierId(),
                            t.supplierName(),
                            t.contracts(),
                            clients.getOrDefault(t.supplierId(), 0),
                            t.active(),
                            t.reachedTwo(),
                            share(t.reachedTwo(), t.signed()),
                            days.value(),
                            days.count(),
                            (int) t.breaches(),
                            credited.getOrDefault(t.supplierId(), List.of()),
                            t.ratings(),
                            t.ratings() == 0
                                    ? null
                                    : BigDecimal.valueOf(t.ratingSum())
                                            .divide(BigDecimal.valueOf(t.ratings()), 2, RoundingMode.HALF_EVEN),
                            share(t.recommends(), t.ratings()),
                            new Scorecard.Sla20(
                                    oneToTwo.getOrDefault(t.supplierId(), none).value(),
                                    overdue.getOrDefault(t.supplierId(), 0),
                                    share(creditedMonths[1], creditedMonths[0])),
                            null);
                })
                .toList();
    }

    private Map<String, Median> medians(String sql) {
        Map<String, Median> medians = new HashMap<>();
        jdbc.sql(sql)
                .query((rs, row) -> medians.put(
                        rs.getString(1), new Median(Math.round(rs.getDouble(2) * 100) / 100.0, rs.getInt(3))))
                .list();
        return medians;
    }

    private static BigDecimal share(int part, int whole) {
        return whole == 0
                ? null
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }
}
