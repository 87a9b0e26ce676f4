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
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code review_schedule} in step with the open clauses. Runs in a subscribing processor, so
 * each row changes in the same transaction as the event that opened or closed the clause. A row
 * carries the sequence of the event that set its date ({@code scheduled_at}), so that the scanner
 * removes a review it found no longer due only if nothing has set it again since (ADR 0003).
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
    void on(ClauseLeftOpen event, @SequenceNumber long sequence) {
        schedule(event.contractId().value(), event.clauseId().value(), event.reviewBy(), sequence);
    }

    @EventHandler
    void on(ClauseFilledIn event) {
        unschedule(event.contractId().value(), event.clauseId().value());
    }

    @EventHandler
    void on(ChangeAgreed event, @SequenceNumber long sequence) {
        if (event.kind().leavesClauseOpen()) {
            schedule(event.contractId().value(), event.clauseId().value(), event.reviewBy(), sequence);
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

    /**
     * Reviews whose date lies before {@code today}, oldest first, and after {@code after} in that
     * order (null for the first page): the scan pages through them by key, so a review it leaves in
     * place (one that failed) does not make it read the same page again.
     */
    public List<DueReview> dueBefore(LocalDate today, DueReview after, int limit) {
        String sql = after == null ? """
                        SELECT contract_id, clause_id, review_by, scheduled_at FROM review_schedule
                        WHERE review_by < :today
                        ORDER BY review_by, contract_id, clause_id LIMIT :limit""" : """
                        SELECT contract_id, clause_id, review_by, scheduled_at FROM review_schedule
                        WHERE review_by < :today AND (review_by, contract_id, clause_id) > (:by, :contract, :clause)
                        ORDER BY review_by, contract_id, clause_id LIMIT :limit""";
        JdbcClient.StatementSpec query = jdbc.sql(sql).param("today", today).param("limit", limit);
        if (after != null) {
            query = query.param("by", after.reviewBy())
                    .param("contract", after.contractId())
                    .param("clause", after.clauseId());
        }
        return query.query((rs, row) -> new DueReview(
                        rs.getString("contract_id"),
                        rs.getString("clause_id"),
                        rs.getObject("review_by", LocalDate.class),
                        rs.getLong("scheduled_at")))
                .list();
    }

    /**
     * Removes a review the contract refused to mark, if its row is still the one the scan read:
     * an event that set the clause's date again since (a reopening, even to the same date) has
     * changed {@code scheduled_at}, and that review stays. Returns whether the row went.
     */
    public boolean unschedule(DueReview review) {
        return jdbc.sql("""
                        DELETE FROM review_schedule
                        WHERE contract_id = ? AND clause_id = ? AND review_by = ? AND scheduled_at = ?""")
                        .param(review.contractId())
                        .param(review.clauseId())
                        .param(review.reviewBy())
                        .param(review.scheduledAt())
                        .update()
                == 1;
    }

    private void unschedule(String contractId, String clauseId) {
        jdbc.sql("DELETE FROM review_schedule WHERE contract_id = ? AND clause_id = ?")
                .param(contractId)
                .param(clauseId)
                .update();
    }

    private void schedule(String contractId, String clauseId, LocalDate reviewBy, long sequence) {
        jdbc.sql("""
                        INSERT INTO review_schedule (contract_id, clause_id, review_by, scheduled_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (contract_id, clause_id)
                        DO UPDATE SET review_by = EXCLUDED.review_by, scheduled_at = EXCLUDED.scheduled_at""")
                .param(contractId)
                .param(clauseId)
                .param(reviewBy)
                .param(sequence)
                .update();
    }

    /** A review whose date has passed, with the sequence of the event that set it. */
    public record DueReview(String contractId, String clauseId, LocalDate reviewBy, long scheduledAt) {}
}
