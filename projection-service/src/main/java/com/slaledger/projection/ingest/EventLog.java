package com.slaledger.projection.ingest;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.history.HistoryEntry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The projection's copy of every contract's events, as received, in sequence order. */
@Repository
public class EventLog {

    private final JdbcClient jdbc;

    public EventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} of the events that had been recorded at {@code instant} (the record as it
     * stood then), from {@code fromSequence} on.
     */
    public List<EventEnvelope> recordedUntil(String contractId, Instant instant, long fromSequence, int limit) {
        return envelopes("""
                        SELECT envelope FROM event_log WHERE contract_id = ? AND recorded_at <= ? AND sequence >= ?
                        ORDER BY sequence LIMIT ?""", contractId, Timestamp.from(instant), fromSequence, limit);
    }

    /** Up to {@code limit} events from {@code fromSequence} on, in sequence order. */
    public List<EventEnvelope> page(String contractId, long fromSequence, int limit) {
        return envelopes(
                "SELECT envelope FROM event_log WHERE contract_id = ? AND sequence >= ? ORDER BY sequence LIMIT ?",
                contractId,
                fromSequence,
                limit);
    }

    private List<EventEnvelope> envelopes(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(String.class).list().stream()
                .map(EventLog::read)
                .toList();
    }

    /** Up to {@code limit} lines of the audit timeline from {@code fromSequence} on. */
    public List<HistoryEntry> entries(String contractId, long fromSequence, int limit) {
        return jdbc
                .sql("SELECT entry FROM event_log WHERE contract_id = ? AND sequence >= ? ORDER BY sequence LIMIT ?")
                .params(contractId, fromSequence, limit)
                .query(String.class)
                .list()
                .stream()
                .map(json -> SlaJson.mapper().readValue(json, HistoryEntry.class))
                .toList();
    }

    public int count(String contractId) {
        return jdbc.sql("SELECT count(*) FROM event_log WHERE contract_id = ?")
                .param(contractId)
                .query(Integer.class)
                .single();
    }

    private static EventEnvelope read(String json) {
        return SlaJson.mapper().readValue(json, EventEnvelope.class);
    }
}
