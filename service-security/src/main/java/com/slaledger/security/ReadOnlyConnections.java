package com.slaledger.security;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Both services' connection pools close a connection on which PostgreSQL refused a write as read-only
 * (SQLSTATE {@code 25006}). A session reads {@code default_transaction_read_only} once, when it
 * starts: one opened while the database refused writes (a maintenance window, a failover that
 * connected to a standby) keeps refusing them after the database takes them again, and the pool,
 * which evicts only broken connections, handed it out for good. Every other failure is judged as
 * Hikari judges it. Set by {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class ReadOnlyConnections implements SQLExceptionOverride {

    static final String READ_ONLY_SQL_TRANSACTION = "25006";

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && READ_ONLY_SQL_TRANSACTION.equals(sql.getSQLState())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
