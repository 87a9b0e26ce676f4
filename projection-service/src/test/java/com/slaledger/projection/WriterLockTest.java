package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.ingest.WriterLock;
import com.slaledger.projection.ingest.WriterLockConfiguration;
import com.slaledger.testsupport.KafkaServer;
import com.slaledger.testsupport.PostgresServer;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.ExitCodeEvent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One projection-service writes a schema's read models (ADR 0029), shown with whole services on one
 * database and a topic of their own: a second instance waits, touching nothing, until the writer
 * stops; a writer whose lock session ends takes the lock again; one that finds the lock taken by
 * another session stops.
 */
@ExtendWith(OutputCaptureExtension.class)
class WriterLockTest {

    private static final String SCHEMA = "projection";
    /** The name the test's own sessions show, as another writer of another role. */
    private static final String OTHER = "the other writer";

    private PostgresServer.Database database;
    private String topic;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @BeforeEach
    void aDatabaseAndATopicOfTheirOwn() throws Exception {
        database = PostgresServer.get().createDatabase("writer_lock");
        database.allowSchemasFor(PostgresServer.PROJECTION_APP_ROLE);
        topic = "writer-lock-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaServer.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stopped() {
        started.forEach(ConfigurableApplicationContext::close);
        database.close();
    }

    @Test
    void aSecondInstanceWaitsUntilTheWriterStopsAndThenWrites(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext writer = start();
        CompletableFuture<ConfigurableApplicationContext> second = CompletableFuture.supplyAsync(this::start);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> output.getOut()
                        .contains("another projection-service writes the read models of schema"
                                + " 'projection': the writer lock is held by '"
                                + writer.getBean(WriterLock.class).sessionName() + "' (PostgreSQL session "));
        publish(Story.contract("WL-1").envelopes());
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSequence("WL-1").isPresent());
        assertThat(second).as("the second instance still waits").isNotDone();

        writer.close();
        ConfigurableApplicationContext successor = second.get(60, TimeUnit.SECONDS);
        assertThat(successor.getBean(WriterLock.class).held()).isTrue();
        List<EventEnvelope> story =
                Story.toTwoPointZero("WL-2", "wlclient", "wlsupplier").envelopes();
        publish(story);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lastSequence("WL-2")
                        .equals(Optional.of(story.get(story.size() - 1).sequence())));
    }

    @Test
    void anInstanceThatWaitsHasMigratedNothingAndStopsWhenAskedTo(CapturedOutput output) throws Exception {
        try (Connection other = connect()) {
            lock(other);
            AtomicReference<ConfigurableApplicationContext> waiting = new AtomicReference<>();
            CompletableFuture<ConfigurableApplicationContext> start =
                    CompletableFuture.supplyAsync(() -> start(builder -> builder.initializers(waiting::set)));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> output.getOut()
                            .contains("the writer lock is held by '" + OTHER + "' (PostgreSQL session " + pid(other)
                                    + ")"));
            assertThat(schemaExists()).as("no migration before the lock").isFalse();

            long asked = System.nanoTime();
            waiting.get().close();
            assertThat(catchCause(start)).isInstanceOf(InterruptedException.class);
            assertThat(output.getOut())
                    .contains("projection-service was stopped while it waited for the writer lock of schema"
                            + " 'projection': another instance writes those read models. This one had changed"
                            + " nothing.")
                    .doesNotContain("Application run failed");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
            assertThat(holderPid()).as("the other session still holds the lock").isEqualTo(pid(other));
            assertThat(schemaExists()).isFalse();
        }
    }

    @Test
    void aWriterWhoseLockSessionEndsTakesTheLockAgainAndGoesOn() throws Exception {
        ConfigurableApplicationContext writer = start();
        int before = holderPid();
        WriterLock lock = writer.getBean(WriterLock.class);
        assertThat(lock.health().getStatus()).isEqualTo(Status.UP);
        // From another database: one cannot refuse sessions to the database it is in.
        try (Connection admin = connect(database.server().jdbcUrl("postgres"));
                Statement statement = admin.createStatement()) {
            // While the database takes no new sessions, the lock cannot be taken again, and health says so.
            statement.execute("ALTER DATABASE " + database.name() + " WITH ALLOW_CONNECTIONS false");
            try {
                terminate(admin, before);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lock.health().getStatus().equals(Status.DOWN));
                assertThat(writer.isActive()).isTrue();
            } finally {
                statement.execute("ALTER DATABASE " + database.name() + " WITH ALLOW_CONNECTIONS true");
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Integer now = holderPidOrNull();
            return now != null && now != before;
        });
        await().atMost(Duration.ofSeconds(10)).until(lock::held);
        assertThat(lock.health().getStatus()).isEqualTo(Status.UP);
        assertThat(writer.isActive()).isTrue();
        publish(Story.contract("WL-3").envelopes());
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSequence("WL-3").isPresent());
    }

    @Test
    void aWriterThatFindsItsLockTakenByAnotherSessionStops(CapturedOutput output) throws Exception {
        AtomicInteger exitCode = new AtomicInteger();
        ConfigurableApplicationContext writer = start(builder ->
                builder.listeners((ApplicationListener<ExitCodeEvent>) event -> exitCode.set(event.getExitCode())));
        int before = holderPid();
        try (Connection other = connect()) {
            terminate(other, before);
            // Queued before the ended session is gone, so it is granted the lock as that session ends.
            lock(other);

            await().atMost(Duration.ofSeconds(30)).until(() -> !writer.isActive());
            assertThat(exitCode).hasValue(WriterLockConfiguration.EXIT_LOST);
            assertThat(output.getOut())
                    .contains("another session took the writer lock of schema 'projection' while this one's was"
                            + " gone: '" + OTHER + "' (PostgreSQL session " + pid(other) + ")");
            assertThat(holderPid()).isEqualTo(pid(other));
        }
    }

    private ConfigurableApplicationContext start() {
        return start(builder -> {});
    }

    private ConfigurableApplicationContext start(java.util.function.Consumer<SpringApplicationBuilder> more) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ProjectionServiceApplication.class)
                .properties(
                        ProjectionServiceApplication.CONFIG_NAME, TestTokens.PROPERTY, "spring.profiles.active=test");
        more.accept(builder);
        // As arguments, which outrank the service's own yml, as an operator's would.
        ConfigurableApplicationContext context = builder.run(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + PostgresServer.PROJECTION_APP_ROLE,
                "--spring.datasource.password=" + PostgresServer.PROJECTION_APP_ROLE,
                "--spring.kafka.bootstrap-servers=" + KafkaServer.bootstrapServers(),
                "--sla.projection.events-topic=" + topic,
                "--sla.projection.group-id=" + topic,
                "--sla.projection.writer-lock.check-interval=PT0.2S",
                "--sla.projection.contract-service-url=http://127.0.0.1:1",
                "--server.port=0");
        synchronized (started) {
            started.add(context);
        }
        return context;
    }

    private void publish(List<EventEnvelope> envelopes) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaServer.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            envelopes.forEach(e -> producer.send(
                    new ProducerRecord<>(topic, e.contractId(), SlaJson.mapper().writeValueAsBytes(e))));
        }
    }

    private Optional<Long> lastSequence(String contractId) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            if (!schemaExists(statement)) {
                return Optional.empty();
            }
            try (ResultSet found = statement.executeQuery(
                    "SELECT last_sequence FROM projection.contract_view WHERE contract_id = '" + contractId + "'")) {
                return found.next() ? Optional.of(found.getLong(1)) : Optional.empty();
            }
        }
    }

    private boolean schemaExists() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            return schemaExists(statement);
        }
    }

    private static boolean schemaExists(Statement statement) throws SQLException {
        try (ResultSet found = statement.executeQuery(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + SCHEMA + "'")) {
            found.next();
            return found.getInt(1) == 1;
        }
    }

    private int holderPid() throws SQLException {
        Integer pid = holderPidOrNull();
        assertThat(pid).as("a session holds the writer lock").isNotNull();
        return pid;
    }

    private Integer holderPidOrNull() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted AND objsubid = 2 AND classid = " + WriterLock.LOCK_CLASS + "::int4::oid"
                        + " AND objid = hashtext('" + SCHEMA + "')::oid"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            return found.next() ? found.getInt(1) : null;
        }
    }

    /** The lock as another writer takes it: waiting for as long as it is held. */
    private static void lock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + WriterLock.LOCK_CLASS + ", hashtext('" + SCHEMA + "'))");
        }
    }

    private static void terminate(Connection connection, int pid) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery("SELECT pg_backend_pid()")) {
            found.next();
            return found.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        return connect(database.jdbcUrl());
    }

    private Connection connect(String url) throws SQLException {
        PostgresServer server = database.server();
        Properties login = new Properties();
        login.setProperty("user", server.username());
        login.setProperty("password", server.password());
        login.setProperty("ApplicationName", OTHER);
        return DriverManager.getConnection(url, login);
    }

    private static Throwable catchCause(CompletableFuture<?> future) throws Exception {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }
        throw new AssertionError("the waiting start did not fail");
    }
}
