package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.projection.EventsTopic;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.testsupport.Story;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A rebuild whose writers fail (the database goes away under them) ends FAILED with the reason,
 * swaps nothing in, and gives the live consumer back: the next event is applied as before. The
 * views held for reads were released when it started, and reads go on from the live tables.
 */
@ProjectionServiceTest
@ExtendWith(OutputCaptureExtension.class)
class RebuildFailureTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    LiveConsumer live;

    @Autowired
    IngestProperties properties;

    @Autowired
    ContractViews views;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventsTopic.Publisher events;

    @Test
    void aRebuildWhoseWritersFailSwapsNothingAndTheLiveConsumerGoesOn() {
        events.publishAndAwait(Story.contract("RF-BEFORE").envelopes());
        String liveBefore = storedView("RF-BEFORE");

        assertThat(views.held("RF-BEFORE")).as("held after the live commit").isNotNull();

        RebuildJob.RebuildStatus status = failingRebuild().runNow();

        assertThat(status.state()).isEqualTo(RebuildJob.State.FAILED);
        assertThat(status.error()).contains("the database went away");
        assertThat(storedView("RF-BEFORE")).as("the live read models stay").isEqualTo(liveBefore);
        assertThat(views.held("RF-BEFORE"))
                .as("the rebuild released the held views for its own use of the heap")
                .isNull();
        assertThat(views.current("RF-BEFORE").orElseThrow().lastSequence())
                .as("and reads are answered from the live tables")
                .isZero();
        assertTheLiveConsumerGoesOn("RF-AFTER");
    }

    /**
     * A writer that meets an error rather than an exception (the heap runs out, its stack
     * overflows) fails the rebuild as an exception does. Before, the error ended the writer's
     * thread unseen: the rebuild took the lane for finished, swapped in a schema without its
     * contracts and reported DONE.
     */
    @Test
    void aRebuildWhoseWriterRunsOutOfHeapFailsAndSwapsNothing() {
        events.publishAndAwait(Story.contract("RF-HEAP").envelopes());
        String liveBefore = storedView("RF-HEAP");

        RebuildJob.RebuildStatus status = RebuildsThatFail.whoseWritersThrow(
                        dataSource,
                        kafkaAdmin,
                        live,
                        properties,
                        views,
                        clock,
                        () -> new OutOfMemoryError("Java heap space"))
                .runNow();

        assertThat(status.state()).isEqualTo(RebuildJob.State.FAILED);
        assertThat(status.error()).contains("OutOfMemoryError");
        assertThat(storedView("RF-HEAP")).as("the live read models stay").isEqualTo(liveBefore);
        assertTheLiveConsumerGoesOn("RF-HEAP-AFTER");
    }

    /**
     * The indexes are built at the end on several connections at once: when one of them fails,
     * the rebuild ends FAILED with its reason, swaps nothing in, and the live consumer goes on. The
     * rebuild's connections refuse the statements of that phase (the definitions read back from
     * {@code pg_indexes} name the rebuild's schema; Flyway's do not).
     */
    @Test
    void aRebuildWhoseIndexesFailSwapsNothingAndTheLiveConsumerGoesOn() {
        events.publishAndAwait(Story.contract("RF-INDEX").envelopes());
        String liveBefore = storedView("RF-INDEX");
        DataSource refusingLateIndexes =
                refusing((connection, sql) -> sql.startsWith("CREATE INDEX") && sql.contains("_rebuild."));

        RebuildJob.RebuildStatus status =
                new RebuildJob(refusingLateIndexes, kafkaAdmin, live, properties, views, clock).runNow();

        assertThat(status.state()).isEqualTo(RebuildJob.State.FAILED);
        assertThat(status.error()).contains("refused: CREATE INDEX");
        assertThat(storedView("RF-INDEX")).as("the live read models stay").isEqualTo(liveBefore);
        assertTheLiveConsumerGoesOn("RF-INDEX-AFTER");
    }

    /**
     * The replaced schema is dropped after the swap, outside it. When that fails (or the process
     * ends first), the rebuild is still DONE, and the next swap drops the schema left behind.
     */
    @Test
    void aReplacedSchemaThatCannotBeDroppedIsDroppedByTheNextSwap() {
        events.publishAndAwait(Story.contract("RF-OLD").envelopes());
        String old = properties.schema() + "_old";
        // The swap's drop of a leftover runs in its transaction; the clean-up after it does not.
        DataSource refusingTheCleanUp = refusing((connection, sql) ->
                connection.getAutoCommit() && sql.startsWith("DROP SCHEMA IF EXISTS \"" + old + "\""));

        RebuildJob.RebuildStatus refused =
                new RebuildJob(refusingTheCleanUp, kafkaAdmin, live, properties, views, clock).runNow();

        assertThat(refused.state()).isEqualTo(RebuildJob.State.DONE);
        assertThat(schemaExists(old)).as("left by the refused clean-up").isTrue();
        assertThat(views.current("RF-OLD")).as("read from the rebuilt schema").isPresent();

        RebuildJob.RebuildStatus next = new RebuildJob(dataSource, kafkaAdmin, live, properties, views, clock).runNow();

        assertThat(next.state()).isEqualTo(RebuildJob.State.DONE);
        assertThat(schemaExists(old))
                .as("dropped by the next swap and clean-up")
                .isFalse();
        assertThat(views.current("RF-OLD")).isPresent();
        assertTheLiveConsumerGoesOn("RF-OLD-AFTER");
    }

    /**
     * The service shuts down while a rebuild's writer is in the middle of a batch that would not end
     * on its own for 30 s: the shutdown's stop returns within seconds, the rebuild ends FAILED with
     * the shutdown as its reason, swaps nothing in, logs nothing at ERROR, and leaves the live
     * consumer stopped for the shutdown instead of starting it again. No rebuild starts after it.
     * (The fault suite's R11 stops the real process with SIGTERM in the middle of a rebuild.)
     */
    @Test
    void aRebuildStoppedByTheShutdownEndsPromptlySwapsNothingAndLeavesTheConsumerStopped(CapturedOutput output)
            throws Exception {
        events.publishAndAwait(Story.contract("RF-STOP").envelopes());
        String liveBefore = storedView("RF-STOP");
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        RebuildJob rebuild = new RebuildJob(dataSource, kafkaAdmin, live, properties, views, clock) {
            @Override
            protected ProjectionWriter writerFor(JdbcTemplate template) {
                return new ProjectionWriter(template, clock, ProjectionWriter.CommittedViews.lastBatch(), true) {
                    @Override
                    public Outcome apply(List<EventEnvelope> batch, Map<EventEnvelope, Arrival> arrivals) {
                        applying.countDown();
                        try {
                            never.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return super.apply(batch, arrivals);
                    }
                };
            }
        };
        MessageListenerContainer consumer = listeners.getListenerContainer(EventConsumer.LISTENER_ID);
        int logged = output.getAll().length();
        try {
            assertThat(rebuild.start()).isTrue();
            assertThat(applying.await(30, TimeUnit.SECONDS))
                    .as("a batch in the writer")
                    .isTrue();

            long began = System.nanoTime();
            assertThat(rebuild.stopForShutdown(Duration.ofSeconds(20))).isTrue();
            long tookMillis = (System.nanoTime() - began) / 1_000_000;

            assertThat(tookMillis).as("stopped without waiting out the batch").isLessThan(5_000);
            assertThat(rebuild.status().state()).isEqualTo(RebuildJob.State.FAILED);
            assertThat(rebuild.status().error()).isEqualTo(RebuildJob.STOPPED_BY_SHUTDOWN);
            assertThat(storedView("RF-STOP")).as("the live read models stay").isEqualTo(liveBefore);
            assertThat(consumer.isRunning())
                    .as("the live consumer is left to the shutdown")
                    .isFalse();
            assertThat(output.getAll().substring(logged)).doesNotContain(" ERROR ");
            assertThat(rebuild.start())
                    .as("no rebuild starts once the service stops")
                    .isFalse();
        } finally {
            never.countDown();
            consumer.start();
        }
        assertTheLiveConsumerGoesOn("RF-STOP-AFTER");
    }

    /**
     * A context stopped and started again, not closed (Spring's test context cache pauses a context
     * it is not using, and so may an operator's tooling): the stop ends rebuilds as a shutdown does,
     * and the start lets them run again. Before, every later rebuild ended FAILED as "shutting down".
     */
    @Test
    void aServiceStoppedAndStartedAgainRebuildsAgain() {
        events.publishAndAwait(Story.contract("RF-RESTARTED").envelopes());
        RebuildJob rebuild = new RebuildJob(dataSource, kafkaAdmin, live, properties, views, clock);
        RebuildShutdown lifecycle = new RebuildShutdown(rebuild);
        lifecycle.start();
        lifecycle.stop();
        assertThat(rebuild.start()).as("no rebuild starts while stopped").isFalse();

        lifecycle.start();
        RebuildJob.RebuildStatus again = rebuild.runNow();

        assertThat(again.state()).as(String.valueOf(again.error())).isEqualTo(RebuildJob.State.DONE);
        assertThat(views.current("RF-RESTARTED")).isPresent();
        assertTheLiveConsumerGoesOn("RF-RESTARTED-AFTER");
    }

    private boolean schemaExists(String schema) {
        return jdbc.sql("SELECT count(*) FROM pg_namespace WHERE nspname = ?")
                        .param(schema)
                        .query(Integer.class)
                        .single()
                == 1;
    }

    private String storedView(String contractId) {
        return jdbc.sql("SELECT view FROM contract_view WHERE contract_id = ?")
                .param(contractId)
                .query(String.class)
                .single();
    }

    /** The next contract's events, published after the failed rebuild, are applied by the live consumer. */
    private void assertTheLiveConsumerGoesOn(String contractId) {
        List<EventEnvelope> next = Story.contract(contractId).envelopes();
        events.publishAndAwait(next);
        assertThat(views.current(contractId).orElseThrow().lastSequence())
                .isEqualTo(next.get(next.size() - 1).sequence());
    }

    private interface Refused {
        boolean test(Connection connection, String sql) throws SQLException;
    }

    /** The test's data source, whose statements refuse to execute the SQL that {@code refused} picks. */
    private DataSource refusing(Refused refused) {
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            Object result = invoke(method, connection, args);
                            return method.getName().equals("createStatement")
                                    ? refusingStatement((Statement) result, sql -> refused.test(connection, sql))
                                    : result;
                        });
            }
        };
    }

    private interface RefusedSql {
        boolean test(String sql) throws SQLException;
    }

    private static Statement refusingStatement(Statement statement, RefusedSql refused) {
        return (Statement) Proxy.newProxyInstance(
                RebuildFailureTest.class.getClassLoader(), new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")
                            && args != null
                            && args[0] instanceof String sql
                            && refused.test(sql)) {
                        throw new SQLException("refused: " + sql);
                    }
                    return invoke(method, statement, args);
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private RebuildJob failingRebuild() {
        return RebuildsThatFail.whoseWritersFail(dataSource, kafkaAdmin, live, properties, views, clock);
    }
}
