package com.slaledger.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;

/**
 * Appends events only while holding a transaction-scoped PostgreSQL advisory lock, so that event
 * transactions take their {@code global_index} values and commit one after the other.
 *
 * <p>Why: streaming processors read by {@code global_index}. Without this, a transaction that takes
 * index 10 and commits late, while index 11 is already visible, leaves a gap; once the gap is older
 * than the engine's {@code gapTimeout}, Axon stops looking for it and event 10 is never published.
 * With the lock, a higher index is only taken after every lower one committed or rolled back, so the
 * only gaps left are rolled-back transactions, which are right to skip. The lock is released by
 * PostgreSQL after the commit is visible. See ADR 0007 and {@code GapTrapTest}.
 */
public final class SerialisedAppends {

    /** An arbitrary, fixed key: "SLAL" in ASCII. */
    public static final long APPEND_LOCK = 0x534C414CL;

    private SerialisedAppends() {}

    static PreparedStatement appendEvents(
            Connection connection,
            EventSchema schema,
            Class<?> dataType,
            List<? extends EventMessage<?>> events,
            Serializer serializer,
            TimestampWriter timestampWriter)
            throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
        }
        return JdbcEventStorageEngineStatements.appendEvents(
                connection, schema, dataType, events, serializer, timestampWriter);
    }
}
