package com.slaledger.projection.contractview;

import com.slaledger.api.event.AboutBreach;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A contract's breaches, from their own rows (ADR 0015), in the order they were recorded. */
@Repository
public class Breaches {

    private final JdbcClient jdbc;

    public Breaches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code size} breaches recorded at or after {@code fromSequence}, of one clause or all;
     * {@code next} is where the following page starts, null after the last.
     */
    public Page page(String contractId, String clauseId, long fromSequence, int size) {
        return Page.of(
                jdbc
                        .sql("""
                                SELECT view FROM breach
                                WHERE contract_id = ? AND sequence >= ? AND (CAST(? AS VARCHAR) IS NULL OR clause_id = ?)
                                ORDER BY sequence LIMIT ?""")
                        .params(contractId, fromSequence, clauseId, clauseId, size + 1)
                        .query(String.class)
                        .list()
                        .stream()
                        .map(Breaches::read)
                        .toList(),
                size);
    }

    /** The same page from breaches folded elsewhere (the contract as known at some instant). */
    public static Page page(List<BreachView> all, String clauseId, long fromSequence, int size) {
        return Page.of(
                all.stream()
                        .filter(b -> b.sequence() >= fromSequence
                                && (clauseId == null || b.clauseId().equals(clauseId)))
                        .limit(size + 1L)
                        .toList(),
                size);
    }

    /**
     * Every breach of the contract recorded up to {@code lastSequence}, for the answers that weigh
     * them all (credits, evidence, pinch).
     */
    public List<BreachView> of(String contractId, long lastSequence) {
        return jdbc
                .sql("SELECT view FROM breach WHERE contract_id = ? AND sequence <= ? ORDER BY sequence")
                .params(contractId, lastSequence)
                .query(String.class)
                .list()
                .stream()
                .map(Breaches::read)
                .toList();
    }

    /**
     * The breaches each contract's events are about, read by key: those recorded earlier that an
     * event waives, disputes or settles. A view folds over them as it would over all its breaches,
     * since no rule of the fold looks at another breach than the event's (ADR 0015). They are read
     * as they are now; what the fold takes from a lent breach (its credit) never changes.
     */
    public static Map<String, List<BreachView>> lend(
            JdbcTemplate jdbc, Map<String, ? extends List<ContractEvent>> byContract) {
        List<String> contractIds = new ArrayList<>();
        List<String> breachIds = new ArrayList<>();
        byContract.forEach((contractId, events) -> events.stream()
                .filter(e -> e instanceof AboutBreach && !(e instanceof BreachRecorded))
                .map(e -> ((AboutBreach) e).breachId().value())
                .distinct()
                .forEach(breachId -> {
                    contractIds.add(contractId);
                    breachIds.add(breachId);
                }));
        Map<String, List<BreachView>> lent = new HashMap<>();
        if (!breachIds.isEmpty()) {
            jdbc.query(
                    """
                            SELECT b.contract_id, b.view FROM breach b
                            JOIN unnest(?::varchar[], ?::varchar[]) AS wanted (contract_id, breach_id)
                              ON b.contract_id = wanted.contract_id AND b.breach_id = wanted.breach_id""",
                    rs -> {
                        lent.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                                .add(read(rs.getString(2)));
                    },
                    contractIds.toArray(String[]::new),
                    breachIds.toArray(String[]::new));
        }
        return lent;
    }

    /** One page of breaches; {@code next} is the {@code fromSequence} of the following page, or null. */
    public record Page(List<BreachView> breaches, Long next) {

        /** The page of {@code size} from breaches in recording order, of which at most one more is given. */
        static Page of(List<BreachView> upToOneMore, int size) {
            return upToOneMore.size() > size
                    ? new Page(
                            upToOneMore.subList(0, size), upToOneMore.get(size).sequence())
                    : new Page(upToOneMore, null);
        }
    }

    private static BreachView read(String json) {
        return SlaJson.mapper().readValue(json, BreachView.class);
    }
}
