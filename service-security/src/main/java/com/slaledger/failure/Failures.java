package com.slaledger.failure;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one rule, for both services' consumers, of which failures are worth retrying (ADR 0011).
 *
 * <p>Transient: the database or the broker could not be reached or refused for now (connection
 * lost, pool exhausted, read-only during a fail-over, serialisation failure, broker time-out).
 * Everything else is final for the record or event at hand: retrying the same bytes against the
 * same code gives the same failure, whatever exception type a library chose for it.
 *
 * <p>Classes are matched by name through each cause's type hierarchy, so this module needs neither
 * Spring's data access nor Kafka on its class path.
 */
public final class Failures {

    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.RecoverableDataAccessException",
            "org.springframework.transaction.CannotCreateTransactionException",
            "org.springframework.transaction.TransactionSystemException",
            "org.springframework.jdbc.CannotGetJdbcConnectionException",
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.DisconnectException",
            "org.axonframework.common.AxonTransientException",
            "java.sql.SQLTransientException",
            "java.sql.SQLRecoverableException",
            "java.net.ConnectException",
            "java.net.SocketException",
            "java.net.SocketTimeoutException",
            "java.lang.InterruptedException");

    /**
     * SQLSTATE classes and codes that say "not now" rather than "not this": connection exceptions
     * (08), insufficient resources (53), operator intervention such as a restart (57), system errors
     * (58), serialisation failure and deadlock (40001, 40P01), and a read-only transaction (25006),
     * which is what a database in recovery or on a full disk gives.
     */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "53", "57", "58");

    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01", "25006");

    private Failures() {}

    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransientSqlState(sql.getSQLState())) {
                return true;
            }
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (TRANSIENT_TYPES.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A short, single-line description of a failure for a dead-letter header or a parked contract. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        String line = text.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    private static boolean isTransientSqlState(String state) {
        return state != null
                && state.length() == 5
                && (TRANSIENT_SQL_STATES.contains(state) || TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)));
    }
}
