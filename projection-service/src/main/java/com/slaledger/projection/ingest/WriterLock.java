package com.slaledger.projection.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One projection-service writes a schema's read models: the one that holds this lock, a PostgreSQL
 * session-level advisory lock named after the schema, on a connection of its own (ADR 0029).
 *
 * <p>Everything this service does to its read models assumes it is their only writer: the
 * current-view cache trusts that no one else commits, and a rebuild stops "the" live consumer and
 * swaps the schema, so events another instance applied meanwhile would be gone from the swapped-in
 * tables while that instance's offsets say they were applied. A second instance (a rolling deploy
 * that starts the new one before stopping the old, or a replica count of two) therefore waits at
 * start, before its migrations, web server and consumer, until the holder stops, saying which
 * session holds the lock.
 *
 * <p>A lock lives as long as its session. The lock's connection is checked every {@code
 * checkInterval}; when it is gone (PostgreSQL restarted, the session was ended), the lock is taken
 * again on a new one as soon as the database answers. Should another session have taken it first,
 * this instance is no longer the writer and {@code lost} stops it. Between the database's return
 * and that check the old writer may still commit a poll: at most one check interval.
 */
public final class WriterLock implements InitializingBean, DisposableBean, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WriterLock.class);

    /** The lock's first key: "SLA" (the second is the schema's name hashed), apart from any other lock. */
    public static final int LOCK_CLASS = 0x534c41;

    /** How often a waiting instance says again what it waits for. */
    private static final Duration REMIND_EVERY = Duration.ofMinutes(1);

    /** Opens a connection of its own for the lock, outside the pool (whose connections come and go). */
    public interface Connections {
        Connection open(String applicationName) throws SQLException;
    }

    /**
     * The service was stopped while it waited for the lock: it changed nothing, and its start
     * ends with a report of this ({@code WriterLockFailureAnalyzer}) rather than a stack trace.
     */
    public static final class StoppedWaiting extends RuntimeException {
        private final String schema;

        StoppedWaiting(String schema, InterruptedException cause) {
            super("stopped while waiting for the writer lock of schema '" + schema + "'", cause);
            this.schema = schema;
        }

        public String schema() {
            return schema;
        }
    }

    /** Who holds the lock, as PostgreSQL shows the session. */
    record Holder(int pid, String applicationName, String clientAddress, Instant since) {
        @Override
        public String toString() {
            return (applicationName == null ? "a session of another role" : "'" + applicationName + "'")
                    + " (PostgreSQL session " + pid
                    + (clientAddress == null ? "" : " from " + clientAddress)
                    + (since == null ? "" : ", connected at " + since) + ")";
        }
    }

    private final Connections connections;
    private final String schema;
    private final Duration checkInterval;
    private final Runnable lost;
    private final Clock clock;
    private final String name;
    private final ScheduledExecutorService checks;
    private volatile Connection connection;
    private volatile Instant heldSince;
    private volatile boolean closing;

    /**
     * @param connections where the lock's connection comes from
     * @param schema the read models' schema, which names the lock
     * @param checkInterval how often the lock's connection is checked, and a waiting instance tries again
     * @param lost what stops this instance once another session holds the lock; run on a thread of its own
     */
    public WriterLock(Connections connections, String schema, Duration checkInterval, Runnable lost, Clock clock) {
        this.connections = connections;
        this.schema = schema;
        this.checkInterval = checkInterval;
        this.lost = lost;
        this.clock = clock;
        this.name =
                truncated("projection-service writer " + ProcessHandle.current().pid() + "@" + host());
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-writer-lock");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes the lock, waiting for as long as another session holds it; a database that does not
     * answer fails the start. The start's thread waits without a time limit while the checks' thread
     * tries again, so that a shutdown meanwhile (SIGTERM, or closing the context) interrupts it:
     * Spring interrupts a start that waits so, not one that sleeps, and would otherwise wait for it.
     */
    @Override
    public void afterPropertiesSet() throws SQLException, ExecutionException {
        Connection opened = null;
        try {
            opened = connections.open(name);
            if (!tryLock(opened)) {
                waitFor(opened);
            }
        } catch (SQLException | ExecutionException | RuntimeException failed) {
            // A bean whose start failed is never destroyed: its session and thread end here.
            if (opened != null) {
                close(opened);
            }
            checks.shutdownNow();
            throw failed;
        }
        connection = opened;
        heldSince = clock.instant();
        log.info("holds the writer lock of schema '{}' as '{}'", schema, name);
        long every = checkInterval.toMillis();
        checks.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void waitFor(Connection opened) throws SQLException, ExecutionException {
        CompletableFuture<Void> taken = new CompletableFuture<>();
        AtomicReference<Instant> remindAt =
                new AtomicReference<>(clock.instant().plus(REMIND_EVERY));
        sayWhoHoldsIt(opened);
        long every = checkInterval.toMillis();
        ScheduledFuture<?> tries = checks.scheduleWithFixedDelay(
                () -> {
                    if (taken.isDone()) {
                        return;
                    }
                    try {
                        if (tryLock(opened)) {
                            taken.complete(null);
                        } else if (!clock.instant().isBefore(remindAt.get())) {
                            sayWhoHoldsIt(opened);
                            remindAt.set(clock.instant().plus(REMIND_EVERY));
                        }
                    } catch (SQLException | RuntimeException failed) {
                        taken.completeExceptionally(failed);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        try {
            taken.get();
        } catch (InterruptedException stopped) {
            throw new StoppedWaiting(schema, stopped);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof SQLException unreachable) {
                throw unreachable;
            }
            throw failed;
        } finally {
            tries.cancel(false);
            if (!taken.isDone() || taken.isCompletedExceptionally()) {
                close(opened);
            }
        }
    }

    private void sayWhoHoldsIt(Connection opened) throws SQLException {
        log.warn(
                "another projection-service writes the read models of schema '{}': the writer lock is held by {}."
                        + " This one waits, with no web server and no consumer, and starts when that one stops"
                        + " (ADR 0029)",
                schema,
                describe(holder(opened)));
    }

    /** Whether this instance holds the lock now, as far as its last check knows. */
    public boolean held() {
        return heldSince != null;
    }

    /** The name this instance's lock session shows in {@code pg_stat_activity.application_name}. */
    public String sessionName() {
        return name;
    }

    @Override
    public Health health() {
        Instant since = heldSince;
        return since == null
                ? Health.down()
                        .withDetail("schema", schema)
                        .withDetail("reason", "the lock's session ended; taking it again")
                        .build()
                : Health.up()
                        .withDetail("schema", schema)
                        .withDetail("session", name)
                        .withDetail("since", since.toString())
                        .build();
    }

    /** Releases the lock as the service stops: after its consumer and web server, before the pool closes. */
    @Override
    public void destroy() throws InterruptedException {
        closing = true;
        checks.shutdownNow();
        checks.awaitTermination(10, TimeUnit.SECONDS);
        Connection held = connection;
        connection = null;
        heldSince = null;
        if (held != null) {
            close(held);
            log.info("released the writer lock of schema '{}'", schema);
        }
    }

    /** Every check, whatever fails in it: a task that threw would never run again. */
    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException failed) {
            log.warn("the writer lock of schema '{}' could not be checked; trying again", schema, failed);
        }
    }

    /** The lock's session is checked; one that is gone is replaced, and the lock taken again. */
    private void check() {
        Connection held = connection;
        if (closing || (held != null && valid(held))) {
            return;
        }
        if (held != null) {
            close(held);
            connection = null;
            heldSince = null;
            log.warn("the writer lock's session of schema '{}' ended; taking the lock again", schema);
        }
        Connection opened;
        try {
            opened = connections.open(name);
        } catch (SQLException unreachable) {
            log.debug("the database does not answer yet: {}", unreachable.getMessage());
            return;
        }
        try {
            if (tryLock(opened)) {
                connection = opened;
                heldSince = clock.instant();
                log.info("holds the writer lock of schema '{}' again", schema);
                return;
            }
            Holder holder = holder(opened);
            close(opened);
            if (closing) {
                return;
            }
            closing = true;
            log.error(
                    "another session took the writer lock of schema '{}' while this one's was gone: {}. This"
                            + " projection-service is no longer the writer of its read models and stops (ADR 0029)",
                    schema,
                    describe(holder));
            Thread stopping = new Thread(lost, "projection-writer-lock-lost");
            stopping.start();
        } catch (SQLException failed) {
            close(opened);
            log.debug("could not take the writer lock yet: {}", failed.getMessage());
        } catch (RuntimeException failed) {
            close(opened);
            throw failed;
        }
    }

    private boolean tryLock(Connection on) throws SQLException {
        try (PreparedStatement lock = on.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, schema);
            try (ResultSet locked = lock.executeQuery()) {
                locked.next();
                return locked.getBoolean(1);
            }
        }
    }

    /** The session holding the lock, or null when it was released meanwhile. */
    private Holder holder(Connection on) throws SQLException {
        try (PreparedStatement query = on.prepareStatement("""
                SELECT a.pid, a.application_name, a.client_addr::text, a.backend_start
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.classid = ?::int4::oid AND l.objid = hashtext(?)::oid
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
            query.setInt(1, LOCK_CLASS);
            query.setString(2, schema);
            try (ResultSet found = query.executeQuery()) {
                if (!found.next()) {
                    return null;
                }
                // Another role's session shows its pid only (pg_stat_activity).
                java.sql.Timestamp since = found.getTimestamp(4);
                return new Holder(
                        found.getInt(1),
                        found.getString(2),
                        found.getString(3),
                        since == null ? null : since.toInstant());
            }
        }
    }

    private static String describe(Holder holder) {
        return holder == null ? "a session that released it just now" : holder.toString();
    }

    private static boolean valid(Connection connection) {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The session is gone either way, and its lock with it.
        }
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** PostgreSQL keeps 63 bytes of an application name. */
    private static String truncated(String name) {
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    /** Connection properties naming the session, for {@link Connections} implementations. */
    static Properties named(String user, String password, String applicationName) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", applicationName);
        return properties;
    }
}
