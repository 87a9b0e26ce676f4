package com.slaledger.projection.contractview;

import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import java.util.List;
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

    /** Every breach of the contract, for the answers that weigh them all (credits, evidence, pinch). */
    public List<BreachView> of(String contractId) {
        return jdbc
                .sql("SELECT view FROM breach WHERE contract_id = ? ORDER BY sequence")
                .param(contractId)
                .query(String.class)
                .list()
                .stream()
                .map(Breaches::read)
                .toList();
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
