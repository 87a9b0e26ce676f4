package com.slaledger.projection.ingest;

import com.slaledger.kafka.TopicReader;
import com.slaledger.projection.contractview.ContractViews;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds every read model from the start of {@code contract.events} into a fresh schema through
 * the same {@link Ingestion} as the live consumer, then swaps the schemas in one transaction.
 *
 * <p>The live consumer is stopped first, so the rebuild reads at least as far as the live tables
 * had got; after the swap the live consumer resumes from its committed offsets and skips what the
 * rebuild already applied. One rebuild at a time, on a task executor of its own.
 *
 * <p>When the service shuts down ({@link RebuildShutdown}), a running rebuild stops at its next
 * record, batch or table, swaps nothing, and leaves the live consumer to the shutdown: the live read
 * models stay as they were, and the next rebuild starts over, as after a crash.
 *
 * <p>A rebuild never forgets silently (ADR 0040): since it reads at least as far as the live tables
 * had got, every contract must come out of it with at least the events the live read models hold.
 * One that does not means the topic lost records (a retention, a topic deleted and made again) or
 * this build parks events the live read models applied; the rebuild then ends FAILED naming the
 * contracts, and swaps nothing in, unless it was started to accept that.
 */
@Component
public class RebuildJob {

    private static final Logger log = LoggerFactory.getLogger(RebuildJob.class);
    /** Batches waiting per writer of the rebuild. */
    private static final int QUEUED = 2;

    private static final Duration READ_TIMEOUT = Duration.ofHours(6);
    /** Contracts a failed check names; it says how many more there are. */
    private static final int FORGOTTEN_NAMED = 5;
    /** Why a rebuild ended when the service shut down in the middle of it: its status's {@code error}. */
    static final String STOPPED_BY_SHUTDOWN =
            "the service is shutting down; the live read models are unchanged, and the next rebuild starts over";
    /**
     * Direct-buffer bytes a lane's batch starts with, per record of a batch: about the benchmark's
     * records, so most buffers never grow; one that must grows to its batch and stays so.
     */
    private static final int SLAB_BYTES_PER_RECORD = 1536;
    /** What a new buffer starts with at most, however large the batches: it grows from there. */
    private static final int SLAB_BYTES_MAX = 64 << 20;

    private final DataSource dataSource;
    private final KafkaAdmin kafkaAdmin;
    private final LiveConsumer live;
    private final IngestProperties properties;
    private final ContractViews views;
    private final Clock clock;
    private final TaskExecutor executor;
    private final AtomicReference<RebuildStatus> status = new AtomicReference<>(RebuildStatus.idle());
    /** Held for as long as a rebuild runs, so that a shutdown can wait for it to end. */
    private final ReentrantLock running = new ReentrantLock();
    /** Set once the service shuts down: a running rebuild stops, and no other starts. */
    private volatile boolean stopping;

    public RebuildJob(
            DataSource dataSource,
            KafkaAdmin kafkaAdmin,
            LiveConsumer live,
            IngestProperties properties,
            ContractViews views,
            Clock clock) {
        this.dataSource = dataSource;
        this.views = views;
        this.kafkaAdmin = kafkaAdmin;
        this.live = live;
        this.properties = properties;
        this.clock = clock;
        this.executor = new SimpleAsyncTaskExecutor("projection-rebuild-");
    }

    public enum State {
        IDLE,
        RUNNING,
        DONE,
        FAILED
    }

    /** What a running rebuild is doing: applying the topic's events, then building indexes and swapping. */
    public enum Phase {
        APPLYING_EVENTS,
        BUILDING_INDEXES
    }

    /**
     * Progress of the current or last rebuild. {@code eventsPerSecond} is the rate so far while
     * events are applied, and over the whole rebuild, indexes and swap included, once it is done.
     */
    public record RebuildStatus(
            State state,
            Phase phase,
            long eventsDone,
            long eventsTotal,
            double eventsPerSecond,
            double percentDone,
            Instant startedAt,
            Instant finishedAt,
            String error) {

        static RebuildStatus idle() {
            return new RebuildStatus(State.IDLE, null, 0, 0, 0, 0, null, null, null);
        }

        static RebuildStatus started(Instant at) {
            return new RebuildStatus(State.RUNNING, Phase.APPLYING_EVENTS, 0, 0, 0, 0, at, null, null);
        }

        RebuildStatus buildingIndexes() {
            return new RebuildStatus(
                    state,
                    Phase.BUILDING_INDEXES,
                    eventsDone,
                    eventsTotal,
                    eventsPerSecond,
                    percentDone,
                    startedAt,
                    finishedAt,
                    error);
        }

        RebuildStatus ended(State end, Instant at, String why) {
            return new RebuildStatus(
                    end,
                    null,
                    eventsDone,
                    eventsTotal,
                    end == State.DONE ? perSecond(eventsDone, startedAt, at) : eventsPerSecond,
                    end == State.DONE ? 100.0 : percentDone,
                    startedAt,
                    at,
                    why);
        }

        boolean running() {
            return state == State.RUNNING;
        }
    }

    public RebuildStatus status() {
        return status.get();
    }

    /** Starts a rebuild in the background; false if one is already running, or the service is stopping. */
    public boolean start() {
        return start(false);
    }

    /**
     * Starts a rebuild in the background, which may leave contracts with fewer events than the live
     * read models hold when {@code acceptFewerEvents}; false if one is already running, or the
     * service is stopping.
     */
    public synchronized boolean start(boolean acceptFewerEvents) {
        if (status.get().running() || stopping) {
            return false;
        }
        status.set(RebuildStatus.started(clock.instant()));
        executor.execute(() -> runSafely(acceptFewerEvents));
        return true;
    }

    /** Runs a rebuild in the calling thread and returns its final status. */
    public RebuildStatus runNow() {
        return runNow(false);
    }

    /** Runs a rebuild in the calling thread and returns its final status; see {@link #start(boolean)}. */
    public RebuildStatus runNow(boolean acceptFewerEvents) {
        synchronized (this) {
            if (status.get().running()) {
                throw new IllegalStateException("a rebuild is already running");
            }
            status.set(RebuildStatus.started(clock.instant()));
        }
        runSafely(acceptFewerEvents);
        return status.get();
    }

    /**
     * Stops a running rebuild because the service shuts down, and waits up to {@code wait} for it to
     * end: it stops at its next record, batch or table, swaps nothing, and does not start the live
     * consumer again. No rebuild starts after this, until {@link #startedAgain}.
     *
     * @return whether no rebuild runs any more
     */
    public boolean stopForShutdown(Duration wait) {
        stopping = true;
        try {
            if (running.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                running.unlock();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.warn("a rebuild still runs {} after the shutdown began; it ends with the process", wait);
        return false;
    }

    /**
     * The context was started again after a stop that was not its end (a context stopped and
     * started, as Spring's test context cache pauses one it is not using): rebuilds may start again.
     * Without it, every later rebuild ended FAILED as "shutting down" in a service that was running.
     */
    void startedAgain() {
        stopping = false;
    }

    private void runSafely(boolean acceptFewerEvents) {
        running.lock();
        try {
            boolean swapped = false;
            try {
                live.stopForARebuild();
                // The held views are emptied at the swap anyway; meanwhile their heap is the rebuild's.
                views.release();
                rebuildInto(properties.schema() + "_rebuild");
                stopIfStopping();
                nothingForgotten(properties.schema() + "_rebuild", acceptFewerEvents);
                swap(properties.schema() + "_rebuild");
                swapped = true;
                views.replaced();
                status.set(status.get().ended(State.DONE, clock.instant(), null));
                log.info("rebuild done: {} events", status.get().eventsDone());
            } catch (Exception | Error e) {
                // An error too (the heap ran out): the rebuild ends FAILED, not RUNNING for good.
                if (stopping) {
                    log.warn("rebuild stopped at {} events: {}", status.get().eventsDone(), STOPPED_BY_SHUTDOWN);
                    status.set(status.get().ended(State.FAILED, clock.instant(), STOPPED_BY_SHUTDOWN));
                } else {
                    log.error("rebuild failed", e);
                    status.set(status.get().ended(State.FAILED, clock.instant(), String.valueOf(e.getMessage())));
                }
            } finally {
                // On shutdown the live consumer is the shutdown's to stop, not this rebuild's to start.
                if (!stopping) {
                    live.startAfterARebuild();
                }
            }
            if (swapped && !stopping) {
                // With the live consumer back: the drop locks only the replaced schema's tables.
                dropReplaced();
            }
        } finally {
            running.unlock();
        }
    }

    /** Ends the rebuild where it stands once the service shuts down. */
    private void stopIfStopping() {
        if (stopping) {
            throw new IllegalStateException(STOPPED_BY_SHUTDOWN);
        }
    }

    private void rebuildInto(String schema) throws SQLException {
        Map<String, List<String>> indexes;
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
            }
            migrate(dataSource, schema);
            indexes = dropSecondaryIndexes(connection, schema);
            dropKeysBuiltAtTheEnd(connection, schema, indexes);
            autovacuumOff(connection, schema);
        }
        List<Lane> lanes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions =
                    TopicReader.assignAll(consumer, properties.eventsTopic(), Duration.ofSeconds(60));
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Progress progress = new Progress(partitions.stream()
                    .mapToLong(tp -> end.get(tp) - begin.get(tp))
                    .sum());
            for (int i = 0; i < Math.max(1, Math.min(properties.rebuildWriters(), partitions.size())); i++) {
                lanes.add(new Lane(schema, progress));
            }
            TopicReader.readToEnd(
                    consumer,
                    partitions,
                    READ_TIMEOUT,
                    record -> !stopping
                            && lanes.get(record.partition() % lanes.size()).add(record));
            stopIfStopping();
            for (Lane lane : lanes) {
                lane.finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rebuild was interrupted", e);
        } finally {
            for (Lane lane : lanes) {
                lane.close();
            }
        }
        stopIfStopping();
        createIndexes(indexes, schema);
    }

    /** Creates {@code schema} with the read models' tables, as the service's own migrations make them. */
    static void migrate(DataSource dataSource, String schema) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/projection")
                .load()
                .migrate();
    }

    /** The writer of one rebuild lane: the live writer's code, copying rows that cannot exist yet in. */
    protected ProjectionWriter writerFor(JdbcTemplate jdbc) {
        return new ProjectionWriter(jdbc, clock, ProjectionWriter.CommittedViews.lastBatch(), true);
    }

    /**
     * The indexes of a freshly migrated schema that no constraint needs, dropped: the rebuild
     * writes faster without them, and builds each once at the end ({@link #createIndexes}). The
     * primary keys stay, since the writer reads and upserts by them (but {@link
     * #KEYS_BUILT_AT_THE_END}). Returns their definitions by table.
     */
    private static Map<String, List<String>> dropSecondaryIndexes(Connection connection, String schema)
            throws SQLException {
        Map<String, List<String>> definitions = new HashMap<>();
        List<String> names = new ArrayList<>();
        try (var query = connection.prepareStatement("""
                SELECT i.indexname, i.indexdef, i.tablename FROM pg_indexes i
                WHERE i.schemaname = ? AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                    WHERE n.nspname = i.schemaname AND c.conname = i.indexname)""")) {
            query.setString(1, schema);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                    definitions
                            .computeIfAbsent(rows.getString(3), table -> new ArrayList<>())
                            .add(rows.getString(2));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("DROP INDEX " + quoted(schema) + "." + name);
            }
        }
        return definitions;
    }

    /**
     * Primary keys the writer never reads by while it writes, dropped like the secondary indexes
     * and added again at the end with the indexes. The event log is the largest table, and each row
     * copied in also went into its key's index, page by page in the WAL; the writer recognises an
     * event it has applied by its view's last sequence, not by the key. Built in one sorted pass at
     * the end, the key still refuses a row twice: the rebuild would fail, not swap.
     */
    static final List<String> KEYS_BUILT_AT_THE_END = List.of("event_log");

    private static void dropKeysBuiltAtTheEnd(
            Connection connection, String schema, Map<String, List<String>> definitions) throws SQLException {
        for (String table : KEYS_BUILT_AT_THE_END) {
            String name;
            String key;
            try (var query = connection.prepareStatement("""
                    SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
                    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE n.nspname = ? AND t.relname = ? AND c.contype = 'p'""")) {
                query.setString(1, schema);
                query.setString(2, table);
                try (var rows = query.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalStateException("no primary key on " + schema + "." + table);
                    }
                    name = rows.getString(1);
                    key = rows.getString(2);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + quoted(schema) + "." + table + " DROP CONSTRAINT " + name);
            }
            definitions
                    .computeIfAbsent(table, t -> new ArrayList<>())
                    .add(0, "ALTER TABLE " + quoted(schema) + "." + table + " ADD CONSTRAINT " + name + " " + key);
        }
    }

    /**
     * Turns autovacuum off for the tables of the schema being written, until {@link #createIndexes}
     * gathers each table's statistics and gives it back to the server's setting. While the rebuild
     * wrote, autovacuum vacuumed and analysed its event log, reading and writing its pages again
     * beside the writers (ADR 0009); it vacuums the tables once they are live instead.
     */
    private static void autovacuumOff(Connection connection, String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables(connection, schema)) {
                statement.execute("ALTER TABLE " + quoted(schema) + "." + table
                        + " SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
            }
        }
    }

    /** The tables of a schema, the largest first. */
    private static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (var query = connection.prepareStatement(
                "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY pg_table_size(schemaname || '.' || tablename) DESC")) {
            query.setString(1, schema);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }

    /**
     * Builds the indexes dropped before the rebuild wrote, and refreshes the planner's statistics:
     * table by table, the largest first, on as many connections as the rebuild had writers. On one
     * connection this took 10 s of a 71 s rebuild of a million events, the event log's index and
     * statistics alone 4.6 s, while the other tables' waited (JFR's socket reads, ADR 0009). Each
     * table is then given back to autovacuum.
     */
    private void createIndexes(Map<String, List<String>> definitions, String schema) throws SQLException {
        status.set(status.get().buildingIndexes());
        List<String> tables;
        try (Connection connection = dataSource.getConnection()) {
            tables = tables(connection, schema);
        }
        BlockingQueue<String> left = new ArrayBlockingQueue<>(Math.max(1, tables.size()), true, tables);
        List<Thread> builders = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < Math.max(1, Math.min(properties.rebuildWriters(), tables.size())); i++) {
            Thread builder = new Thread(
                    () -> {
                        try (Connection connection = dataSource.getConnection();
                                Statement statement = connection.createStatement()) {
                            for (String table = left.poll();
                                    table != null && failure.get() == null && !stopping;
                                    table = left.poll()) {
                                for (String definition : definitions.getOrDefault(table, List.of())) {
                                    statement.execute(definition);
                                }
                                statement.execute("ANALYZE " + quoted(schema) + "." + table);
                                statement.execute("ALTER TABLE " + quoted(schema) + "." + table
                                        + " RESET (autovacuum_enabled, toast.autovacuum_enabled)");
                            }
                        } catch (SQLException | RuntimeException e) {
                            failure.compareAndSet(null, e);
                        } catch (Error e) {
                            // Else the table it was on would be swapped in without its indexes.
                            failure.compareAndSet(
                                    null, new IllegalStateException("the rebuild's index builder failed: " + e, e));
                        }
                    },
                    "projection-rebuild-indexes");
            builder.start();
            builders.add(builder);
        }
        for (Thread builder : builders) {
            try {
                builder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the rebuild was interrupted", e);
            }
        }
        if (failure.get() instanceof SQLException e) {
            throw e;
        } else if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        stopIfStopping();
        log.info(
                "rebuild into {}: {} indexes built, statistics of {} tables gathered",
                schema,
                definitions.values().stream().mapToInt(List::size).sum(),
                tables.size());
    }

    /** Events applied so far, over all lanes, kept visible in the status. */
    private final class Progress {

        private final long total;
        private final AtomicLong done = new AtomicLong();

        Progress(long total) {
            this.total = total;
        }

        void applied(int events) {
            long now = done.addAndGet(events);
            Instant started = status.get().startedAt();
            status.set(new RebuildStatus(
                    State.RUNNING,
                    Phase.APPLYING_EVENTS,
                    now,
                    total,
                    perSecond(now, started, clock.instant()),
                    total == 0 ? 100.0 : Math.round(now * 1000.0 / total) / 10.0,
                    started,
                    null,
                    null));
        }
    }

    /**
     * One writer of the rebuild, with a connection and a thread of its own, for the partitions
     * {@code p} with {@code p % lanes == lane}: a contract's events are all in one partition, so
     * lanes share no contract, and each applies its contracts' events in order. The reading thread
     * only hands each lane its records in batches of {@code sla.projection.rebuild-batch}; the lane decodes and applies
     * them. Up to {@link #QUEUED} batches wait per lane, so one lane's slow batch does not hold up
     * the others, and memory holds at most {@code QUEUED + 2} batches per lane. A batch waits with
     * its records' values outside the heap ({@link WaitingRecords}).
     */
    private final class Lane implements AutoCloseable {

        private final WaitingRecords.Slabs slabs = new WaitingRecords.Slabs(
                (int) Math.min(SLAB_BYTES_MAX, (long) SLAB_BYTES_PER_RECORD * properties.rebuildBatch()));
        /** Handed over after the last batch: the writer stops there. */
        private final WaitingRecords end = new WaitingRecords(slabs, 0);

        private final Connection connection;
        private final Ingestion ingestion;
        private final Progress progress;
        private final BlockingQueue<WaitingRecords> queue = new ArrayBlockingQueue<>(QUEUED);
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final Thread writer;
        /** Set by the writer once it has applied the last batch; read after it has ended. */
        private volatile boolean finished;

        private WaitingRecords records = new WaitingRecords(slabs, properties.rebuildBatch());

        Lane(String schema, Progress progress) throws SQLException {
            this.progress = progress;
            this.connection = dataSource.getConnection();
            connection.setSchema(schema);
            try (Statement statement = connection.createStatement()) {
                // A rebuild that dies starts over from the topic, so its commits need not wait for the
                // disk. The swap commits synchronously on another connection, and WAL is flushed in
                // order: once the swap is durable, so is everything the rebuild wrote before it.
                statement.execute("SET synchronous_commit = off");
            }
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            this.ingestion = new Ingestion(
                    writerFor(new JdbcTemplate(single)),
                    new TransactionTemplate(new DataSourceTransactionManager(single)));
            this.writer = new Thread(this::write, "projection-rebuild-writer");
            writer.setDaemon(true);
            writer.start();
        }

        boolean add(ConsumerRecord<String, byte[]> record) {
            records.add(record);
            if (records.size() >= properties.rebuildBatch()
                    || records.bytes() >= properties.rebuildBatchBytes().toBytes()) {
                hand(records);
                records = new WaitingRecords(slabs, properties.rebuildBatch());
            }
            return true;
        }

        /** Hands the last records over and waits until the lane has applied everything. */
        void finish() throws InterruptedException {
            if (!records.isEmpty()) {
                hand(records);
            }
            hand(end);
            while (writer.isAlive()) {
                writer.join(100);
                stopIfStopping();
            }
            rethrow();
            if (!finished) {
                throw new IllegalStateException("the rebuild's writer ended before its last batch");
            }
        }

        private void hand(WaitingRecords batch) {
            try {
                while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    rethrow();
                    stopIfStopping();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the rebuild was interrupted", e);
            }
            rethrow();
        }

        private void rethrow() {
            RuntimeException failed = failure.get();
            if (failed != null) {
                throw failed;
            }
        }

        /**
         * Applies the batches until the last. Whatever ends it first is the lane's failure, an
         * error as well as an exception: a writer that ran out of heap must fail the rebuild, not
         * leave it to swap in a schema without the lane's contracts.
         */
        private void write() {
            try {
                for (var batch = queue.take(); batch != end; batch = queue.take()) {
                    List<ConsumerRecord<String, byte[]>> taken = batch.take();
                    ingestion.apply(taken);
                    progress.applied(taken.size());
                }
                finished = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("the rebuild's writer was interrupted", e));
            } catch (RuntimeException e) {
                failure.set(e);
            } catch (Error e) {
                failure.set(new IllegalStateException("the rebuild's writer failed: " + e, e));
            }
        }

        @Override
        public void close() throws SQLException {
            writer.interrupt();
            try {
                writer.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET synchronous_commit");
                // The writer's staging tables (StagedRows) would otherwise stay
                // with the connection in the pool, empty, for as long as it lives.
                statement.execute("DISCARD TEMP");
                connection.setSchema(properties.schema());
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Every contract of the live read models must come out of the rebuild with at least the events
     * they hold: the rebuild read the topic at least as far as the live consumer had got. Fails the
     * rebuild naming the contracts that did not, unless {@code acceptFewerEvents}, which only logs them.
     */
    private void nothingForgotten(String rebuilt, boolean acceptFewerEvents) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (!Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT to_regclass(?) IS NOT NULL", Boolean.class, quoted(properties.schema()) + ".contract_view"))) {
            return; // no live read models yet: nothing to forget
        }
        List<String> fewer = new ArrayList<>();
        long[] count = {0};
        jdbc.query(
                "SELECT l.contract_id, l.last_sequence, r.last_sequence, p.reason, count(*) OVER () FROM "
                        + quoted(properties.schema()) + ".contract_view l"
                        + " LEFT JOIN " + quoted(rebuilt) + ".contract_view r ON r.contract_id = l.contract_id"
                        + " LEFT JOIN " + quoted(rebuilt) + ".parked_contract p ON p.contract_id = l.contract_id"
                        + " WHERE r.contract_id IS NULL OR r.last_sequence < l.last_sequence"
                        + " ORDER BY l.contract_id LIMIT " + FORGOTTEN_NAMED,
                (java.sql.ResultSet rows) -> {
                    long rebuiltUpTo = rows.getLong(3);
                    boolean none = rows.wasNull();
                    String parked = rows.getString(4);
                    fewer.add(rows.getString(1) + " (live up to sequence " + rows.getLong(2) + ", rebuilt "
                            + (none ? "without it" : "up to " + rebuiltUpTo)
                            + (parked == null ? "" : ", parked: " + parked) + ")");
                    count[0] = rows.getLong(5);
                });
        long total = count[0];
        if (fewer.isEmpty()) {
            return;
        }
        String which = total + " contract(s) would know fewer events than the live read models hold: "
                + String.join("; ", fewer) + (total > fewer.size() ? "; and " + (total - fewer.size()) + " more" : "");
        if (acceptFewerEvents) {
            log.warn("the rebuild was started to accept fewer events, and replaces the live read models: {}", which);
            return;
        }
        throw new IllegalStateException("nothing was swapped: " + which
                + ". Either contract.events lost records the live read models hold (a retention, a topic"
                + " deleted and made again), or this build parks events they applied. The live read models are"
                + " kept; to replace them anyway, POST /api/admin/rebuild?acceptFewerEvents=true");
    }

    /**
     * Puts the rebuilt schema in the live one's place, in one transaction that only renames: the
     * live schema's tables are dropped after it ({@link #dropReplaced}). Dropping them in the same
     * transaction held a lock on every one of them until its files were gone (0.6 s for the
     * benchmark's 1.5 GB), and a query that had found the old tables just before waited that long
     * and then found them gone.
     */
    private void swap(String rebuilt) throws SQLException {
        String live = properties.schema();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // Left by a rebuild whose process ended between its swap and its clean-up.
                statement.execute("DROP SCHEMA IF EXISTS " + quoted(live + "_old") + " CASCADE");
                statement.execute("ALTER SCHEMA " + quoted(live) + " RENAME TO " + quoted(live + "_old"));
                statement.execute("ALTER SCHEMA " + quoted(rebuilt) + " RENAME TO " + quoted(live));
            }
            connection.commit();
        }
    }

    /** Drops the schema a swap replaced; one that cannot be dropped now is dropped by the next swap. */
    private void dropReplaced() {
        String replaced = properties.schema() + "_old";
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + quoted(replaced) + " CASCADE");
        } catch (SQLException e) {
            log.warn(
                    "the schema the rebuild replaced, {}, is left for the next rebuild to drop: {}",
                    replaced,
                    e.getMessage());
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        // No group: the rebuild assigns every partition itself and commits nothing, so it needs no
        // group ACL beside the live consumer's (docker/kafka/acls).
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.rebuildBatch());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A schema's name in a statement, quoted: {@code sla.projection.schema} holds lower-case letters,
     * digits and '_' only (IngestProperties), and quoted even a word PostgreSQL reserves, such as
     * {@code order}, names the schema as written.
     */
    private static String quoted(String schema) {
        return '"' + schema + '"';
    }

    private static double perSecond(long done, Instant started, Instant now) {
        double seconds = Math.max(0.001, Duration.between(started, now).toMillis() / 1000.0);
        return Math.round(done / seconds);
    }
}
