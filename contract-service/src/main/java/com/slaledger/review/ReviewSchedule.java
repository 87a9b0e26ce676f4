package com.slaledger.review;

import com.slaledger.api.ChangeKind;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.ReviewBecameDue;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code review_schedule} in step with the open clauses. Runs in a subscribing processor, so
 * each row changes in the same transaction as the event that opened or closed the clause.
 */
@Component
@ProcessingGroup(ReviewSchedule.PROCESSING_GROUP)
public class ReviewSchedule {

    public static final String PROCESSING_GROUP = "review-schedule";

    private final JdbcClient jdbc;

    public ReviewSchedule(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ClauseLeftOpen event) {
        schedule(event.contractId().value(), event.clauseId().value(), event.reviewBy());
    }

    @EventHandler
    void on(ClauseFilledIn event) {
        unschedule(event.contractId().value(), event.clauseId().value());
    }

    @EventHandler
    void on(ChangeAgreed event) {
        if (event.kind().leavesClauseOpen()) {
            schedule(event.contractId().value(), event.clauseId().value(), event.reviewBy());
        } else if (event.kind() == ChangeKind.FILL_IN) {
            unschedule(event.contractId().value(), event.clauseId().value());
        }
    }

    @EventHandler
    void on(ReviewBecameDue event) {
        unschedule(event.contractId().value(), event.clauseId().value());
    }

    @EventHandler
    void on(ContractTerminated event) {
        jdbc.sql("DELETE FROM review_schedule WHERE contract_id = ?")
                .param(event.contractId().value())
                .update();
    }

    /** Reviews whose date lies before {@code today}, oldest first. */
    public List<DueReview> dueBefore(LocalDate today, int limit) {
        return jdbc.sql("""
                        SELECT contract_id, clause_id, review_by FROM review_schedule
                        WHERE review_by < ? ORDER BY review_by, contract_id, clause_id LIMIT ?""")
                .param(today)
                .param(limit)
                .query((rs, row) -> new DueReview(
                        rs.getString("contract_id"),
                        rs.getString("clause_id"),
                        rs.getObject("review_by", LocalDate.class)))
                .list();
    }

    public void unschedule(String contractId, String clauseId) {
        jdbc.sql("DELETE FROM review_schedule WHERE contract_id = ? AND clause_id = ?")
                .param(contractId)
                .param(clauseId)
                .update();
    }

    private void schedule(String contractId, String clauseId, LocalDate reviewBy) {
        jdbc.sql("""
                        INSERT INTO review_schedule (contract_id, clause_id, review_by) VALUES (?, ?, ?)
                        ON CONFLICT (contract_id, clause_id) DO UPDATE SET review_by = EXCLUDED.review_by""").param(contractId).param(clauseId).param(reviewBy).update();
    }

    public record DueReview(String contractId, String clauseId, LocalDate reviewBy) {}
}
