package com.slaledger.projection.ingest;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.history.EventHeader;
import com.slaledger.projection.history.HistoryEntry;
import com.slaledger.projection.history.TimelineLine;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
     * A contract's events in sequence order, {@code size} at a time: all of them, or those that had
     * been recorded at {@code until} (the record as it stood then). A page is read when the one
     * before it has been handled, so memory holds one page whatever the contract's length (ADR
     * 0015); none when there is no such event.
     */
    public Iterable<List<EventEnvelope>> pages(String contractId, Instant until, int size) {
        return () -> new Iterator<>() {
            private long from = 0;
            private List<EventEnvelope> read;
            private boolean last;

            @Override
            public boolean hasNext() {
                if (read == null && !last) {
                    read = page(contractId, until, from, size);
                    last = read.size() < size;
                    from = read.isEmpty() ? from : read.get(read.size() - 1).sequence() + 1;
                }
                return read != null && !read.isEmpty();
            }

            @Override
            public List<EventEnvelope> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<EventEnvelope> page = read;
                read = null;
                return page;
            }
        };
    }

    private List<EventEnvelope> page(String contractId, Instant until, long fromSequence, int size) {
        return jdbc
                .sql("""
                        SELECT envelope FROM event_log
                        WHERE contract_id = ? AND sequence >= ? AND (CAST(? AS TIMESTAMPTZ) IS NULL OR recorded_at <= ?)
                        ORDER BY sequence LIMIT ?""")
                .params(
                        contractId,
                        fromSequence,
                        until == null ? null : Timestamp.from(until),
                        until == null ? null : Timestamp.from(until),
                        size)
                .query(String.class)
                .list()
                .stream()
                .map(EventLog::read)
                .toList();
    }

    /**
     * Up to {@code limit} lines of the audit timeline from {@code fromSequence} on: each line as
     * stored, completed with its envelope's header.
     */
    public List<HistoryEntry> entries(String contractId, long fromSequence, int limit) {
        return jdbc.sql(
                        "SELECT envelope, entry FROM event_log WHERE contract_id = ? AND sequence >= ? ORDER BY sequence LIMIT ?")
                .params(contractId, fromSequence, limit)
                .query((rs, row) -> entry(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** A line of the timeline from a row's stored envelope and line. */
    static HistoryEntry entry(String envelope, String line) {
        return SlaJson.mapper()
                .readValue(line, TimelineLine.class)
                .entry(SlaJson.mapper().readValue(envelope, EventHeader.class));
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
