package com.slaledger.projection.ingest;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.failure.Failures;
import com.slaledger.projection.contractview.ContractViews;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a contract parked for good again, once what refused its event is fixed, without a rebuild
 * of every contract. Everything happens in one transaction: the contract's row in
 * {@code parked_contract} is locked and removed, and its waiting events (the unreadable record kept
 * as {@code raw}, read again, and those in {@code parked_event}) go through the same
 * {@link ProjectionWriter} as live ingestion. Either all of them are applied, or none is and the
 * contract stays parked with the reason of this attempt. The live writer reads
 * {@code parked_contract} with {@code FOR SHARE}, so an event of the contract that arrives meanwhile
 * waits for the retry and then follows it, or is parked behind it when the retry fails; and it reads
 * the contract's view from the table until the retry's views are handed over ({@link
 * ContractViews#writtenBeside}).
 */
public class ParkedRetry {

    private static final Logger log = LoggerFactory.getLogger(ParkedRetry.class);

    /**
     * What a retry applied, and where the contract stands: {@code waitingFrom} is the lowest
     * sequence still waiting for an earlier event the projection never received (a rebuild from the
     * topic brings it), or null when none waits.
     */
    public record Retried(String contractId, int applied, long lastSequence, Long waitingFrom) {}

    private final ProjectionWriter writer;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final ContractViews views;

    public ParkedRetry(
            ProjectionWriter writer, TransactionTemplate transactions, JdbcTemplate jdbc, ContractViews views) {
        this.writer = writer;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.views = views;
    }

    /**
     * @throws CommandRejectedException {@code NOT_PARKED} when the contract is not parked for good;
     *     {@code STILL_PARKED} when its events still cannot be applied (the reason is kept);
     *     {@code UNAVAILABLE} when the database failed for a while (nothing changed)
     */
    public Retried retry(String contractId) {
        try {
            return views.writtenBeside(contractId, () -> transactions.execute(tx -> retryIn(contractId)));
        } catch (CommandRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw new CommandRejectedException(
                        RejectionCode.UNAVAILABLE,
                        "the retry of contract " + contractId + " changed nothing and may be asked again: "
                                + Failures.describe(e));
            }
            String reason = Failures.describe(e);
            log.warn("contract {} stays parked: {}", contractId, reason);
            transactions.executeWithoutResult(tx ->
                    jdbc.update("UPDATE parked_contract SET reason = ? WHERE contract_id = ?", reason, contractId));
            throw stillParked(contractId, reason);
        }
    }

    private Retried retryIn(String contractId) {
        List<byte[]> parked = jdbc.query(
                "SELECT raw FROM parked_contract WHERE contract_id = ? FOR UPDATE",
                (rs, row) -> rs.getBytes(1),
                contractId);
        if (parked.isEmpty()) {
            throw new CommandRejectedException(
                    RejectionCode.NOT_PARKED,
                    "contract " + contractId + " is not parked for good"
                            + " (GET /api/admin/parked lists those that are, and those waiting for a missing event)");
        }
        List<EventEnvelope> batch = new ArrayList<>();
        Map<EventEnvelope, ProjectionWriter.Arrival> arrivals = new IdentityHashMap<>();
        byte[] raw = parked.get(0);
        if (raw != null) {
            EventEnvelope envelope = Ingestion.read(raw);
            if (envelope == null || !envelope.contractId().equals(contractId)) {
                throw stillParked(
                        contractId,
                        envelope == null
                                ? "its unreadable record still holds no event envelope"
                                : "its unreadable record now reads as an event of contract " + envelope.contractId());
            }
            batch.add(envelope);
            arrivals.put(envelope, new ProjectionWriter.Arrival(Ingestion.wellFormed(raw), null));
        }
        batch.addAll(jdbc.query(
                "SELECT envelope FROM parked_event WHERE contract_id = ? ORDER BY sequence",
                (rs, row) -> SlaJson.mapper().readValue(rs.getString(1), EventEnvelope.class),
                contractId));
        jdbc.update("DELETE FROM parked_contract WHERE contract_id = ?", contractId);
        ProjectionWriter.Outcome outcome = writer.apply(batch, arrivals);
        Long lastSequence = jdbc
                .query(
                        "SELECT last_sequence FROM contract_view WHERE contract_id = ?",
                        (rs, row) -> rs.getLong(1),
                        contractId)
                .stream()
                .findFirst()
                .orElse(-1L);
        Long waitingFrom = jdbc.queryForObject(
                "SELECT min(sequence) FROM parked_event WHERE contract_id = ?", Long.class, contractId);
        log.info("contract {} retried: {} events applied, at sequence {}", contractId, outcome.applied(), lastSequence);
        return new Retried(contractId, outcome.applied(), lastSequence, waitingFrom);
    }

    private static CommandRejectedException stillParked(String contractId, String reason) {
        return new CommandRejectedException(
                RejectionCode.STILL_PARKED, "contract " + contractId + " stays parked: " + reason);
    }
}
