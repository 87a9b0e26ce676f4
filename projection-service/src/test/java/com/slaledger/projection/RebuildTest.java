package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.ingest.EventConsumer;
import com.slaledger.projection.ingest.IngestProperties;
import com.slaledger.projection.ingest.ProjectionWriter;
import com.slaledger.projection.ingest.RebuildJob;
import com.slaledger.testsupport.Story;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

@ProjectionServiceTest
class RebuildTest {

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RebuildJob rebuild;

    @Test
    void aRebuildFromTheTopicGivesExactlyTheLiveReadModels() {
        List<Story> stories = new ArrayList<>();
        stories.add(Story.toTwoPointZero("R-SEED", "acme", "hostco").satisfaction("2026-12", 9, true));
        Random random = new Random(7);
        for (int i = 0; i < 25; i++) {
            Story story = Story.contract("R-" + i, "client" + random.nextInt(5), "supplier" + random.nextInt(3))
                    .agreedClause(Story.AVAILABILITY, "5")
                    .openClause(Story.RESPONSE_TIME);
            if (random.nextBoolean()) {
                story.signed();
                int breaches = random.nextInt(4);
                for (int b = 0; b < breaches; b++) {
                    story.creditedBreach(
                            "b" + b,
                            "2026-12-0" + (b + 1) + "T00:00:00Z",
                            (b * 500) + ".00",
                            "500.00",
                            Math.min(500, 1200 - b * 500) + ".00",
                            b == 2);
                }
                if (breaches > 0 && random.nextBoolean()) {
                    ContractId id = ContractId.of(story.id());
                    story.then(
                            Party.CLIENT,
                            new CreditWaived(id, BreachId.of("b0"), Money.of("500.00", "EUR"), "partnership"));
                }
                if (breaches > 1) {
                    ContractId id = ContractId.of(story.id());
                    story.then(Party.SUPPLIER, new BreachDisputed(id, BreachId.of("b1"), "maintenance"))
                            .then(
                                    Party.SUPPLIER,
                                    new DisputeSettlementProposed(
                                            id, BreachId.of("b1"), SettlementOutcome.WITHDRAWN, null, Party.SUPPLIER))
                            .then(
                                    Party.CLIENT,
                                    new DisputeSettled(
                                            id,
                                            BreachId.of("b1"),
                                            SettlementOutcome.WITHDRAWN,
                                            null,
                                            Party.SUPPLIER,
                                            Party.CLIENT,
                                            Money.of("500.00", "EUR")));
                }
                if (random.nextBoolean()) {
                    story.fillInTogether(Story.RESPONSE_TIME, new ContractVersion(2, 0));
                }
            }
            stories.add(story);
        }
        // A breach id recorded twice, which a contract refuses but the topic may carry: the rebuild
        // copies the breaches recorded in a batch in, and upserts them as live does when one was there.
        stories.add(Story.contract("R-BREACH-TWICE")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("b0", "2026-12-01T00:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("b1", "2026-12-02T00:00:00Z", "500.00", "500.00", "500.00", false)
                .creditedBreach("b0", "2026-12-03T00:00:00Z", "1000.00", "500.00", "200.00", true));
        stories.forEach(story -> events.publishAndAwait(story.envelopes()));
        publishPrettyPrintedAndAwait(awkwardText());
        List<String> live = snapshot();
        List<String> indexes = indexes();
        List<String> constraints = constraints();
        List<String> storageOptions = storageOptions();
        assertThat(jsonWithoutStatistics())
                .as("the JSON kept whole is never planned on (V9)")
                .containsExactlyInAnyOrder(
                        "breach.view",
                        "contract_version.view",
                        "contract_view.view",
                        "event_log.entry",
                        "event_log.envelope");

        RebuildJob.RebuildStatus status = rebuild.runNow();

        assertThat(status.state()).as(status.error()).isEqualTo(RebuildJob.State.DONE);
        assertThat(status.eventsDone()).isEqualTo(status.eventsTotal()).isPositive();
        assertThat(status.percentDone()).isEqualTo(100.0);
        assertThat(snapshot()).isEqualTo(live);
        assertThat(indexes())
                .as("dropped while writing, built again at the end")
                .isEqualTo(indexes);
        assertThat(constraints())
                .as("the event log's key among them, a constraint again")
                .isEqualTo(constraints)
                .contains("event_log_pkey PRIMARY KEY (contract_id, sequence)");
        assertThat(jdbc.sql("""
                        SELECT relname FROM pg_stat_user_tables
                        WHERE schemaname = current_schema() AND last_analyze IS NULL""").query(String.class).list())
                .as("every table's statistics gathered before the swap")
                .isEmpty();
        assertThat(jsonWithoutStatistics())
                .as("the rebuilt schema migrated as the live one")
                .hasSize(5);

        // Batches of three events: most contracts span batches, their first rows copied in and their
        // later ones replaced by the live writer's statements. The live consumer first rejoins its
        // group: stopped again in the middle of joining, its next join waited longer than the
        // following test allows (once, in a whole run of this module's tests).
        awaitLiveConsumerAssigned();
        RebuildJob.RebuildStatus inSmallBatches = rebuildInBatchesOf(3, true);
        assertThat(inSmallBatches.state()).as(inSmallBatches.error()).isEqualTo(RebuildJob.State.DONE);
        assertThat(snapshot()).isEqualTo(live);
        assertThat(autovacuumWhileWriting.get())
                .as("autovacuum kept off the tables while the rebuild writes them")
                .isEmpty();
        assertThat(storageOptions())
                .as("and the server's setting theirs again once live, their other options kept")
                .isEqualTo(storageOptions);
        assertThat(jdbc.sql("SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND relname LIKE '%_staged'")
                        .query(Long.class)
                        .single())
                .as("the staging tables go with the rebuild's connections back to the pool")
                .isZero();

        // A login that may not create temporary tables: the rows the rebuild would stage go in
        // with the live writer's statements instead.
        awaitLiveConsumerAssigned();
        RebuildJob.RebuildStatus unstaged = rebuildInBatchesOf(3, false);
        assertThat(unstaged.state()).as(unstaged.error()).isEqualTo(RebuildJob.State.DONE);
        assertThat(snapshot()).isEqualTo(live);

        // Batches bounded by bytes before they reach their count (ADR 0035): each ends at the record
        // that takes it to 8 KB, and the rebuild is the same.
        awaitLiveConsumerAssigned();
        RebuildJob.RebuildStatus byBytes =
                rebuildInBatchesOf(2_000, org.springframework.util.unit.DataSize.ofKilobytes(8), true);
        assertThat(byBytes.state()).as(byBytes.error()).isEqualTo(RebuildJob.State.DONE);
        assertThat(snapshot()).isEqualTo(live);
        assertThat(batchBytes.values())
                .as("batches of less than 8 KB before the record that ended them")
                .allSatisfy(bytes -> assertThat(bytes).isLessThan(8 * 1024));
        assertThat(batchBytes.size())
                .as("more batches than writers: the bound cut some")
                .isGreaterThan(properties.rebuildWriters());
        // The next test class finds the live consumer in its group, not still joining.
        awaitLiveConsumerAssigned();
    }

    /**
     * A schema named with a word PostgreSQL reserves is rebuilt and swapped in: the rebuild quotes
     * the name in each statement (the setting holds lower-case letters, digits and '_' only, ADR
     * 0027). Unquoted, {@code ALTER SCHEMA order RENAME TO order_old} is a syntax error.
     */
    @Test
    void aSchemaNamedWithAWordPostgreSqlReservesIsRebuiltAndSwappedIn() {
        List<EventEnvelope> story = Story.contract("R-ORDER", "client0", "supplier0")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .envelopes();
        events.publishAndAwait(story);
        jdbc.sql("CREATE SCHEMA \"order\"").update();
        try {
            IngestProperties p = properties;
            IngestProperties reserved = new IngestProperties(
                    p.eventsTopic(),
                    p.groupId(),
                    p.concurrency(),
                    "order",
                    p.rebuildWriters(),
                    p.rebuildBatch(),
                    p.rebuildBatchBytes(),
                    p.fetchWait());

            RebuildJob.RebuildStatus status =
                    new RebuildJob(dataSource, kafkaAdmin, live, reserved, views, clock).runNow();

            assertThat(status.state()).as(status.error()).isEqualTo(RebuildJob.State.DONE);
            assertThat(jdbc.sql("SELECT count(*) FROM \"order\".event_log WHERE contract_id = 'R-ORDER'")
                            .query(Long.class)
                            .single())
                    .isEqualTo(story.size());
            assertThat(jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'order%'")
                            .query(String.class)
                            .list())
                    .as("the rebuilt schema in place, the replaced one dropped")
                    .containsExactly("order");
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS \"order\" CASCADE").update();
            jdbc.sql("DROP SCHEMA IF EXISTS \"order_rebuild\" CASCADE").update();
            jdbc.sql("DROP SCHEMA IF EXISTS \"order_old\" CASCADE").update();
            awaitLiveConsumerAssigned();
        }
    }

    private void awaitLiveConsumerAssigned() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !listeners
                        .getListenerContainer(EventConsumer.LISTENER_ID)
                        .getAssignedPartitions()
                        .isEmpty());
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    com.slaledger.projection.ingest.LiveConsumer live;

    @Autowired
    IngestProperties properties;

    @Autowired
    ContractViews views;

    @Autowired
    Clock clock;

    /** The fresh schema's tables that autovacuum may take while the last rebuild in small batches wrote. */
    private final AtomicReference<List<String>> autovacuumWhileWriting = new AtomicReference<>();

    /**
     * The bytes of each batch a rebuild's writers applied, as they arrived, less its largest record,
     * for the last rebuild in small batches: by the batch's map of arrivals, which every apply of
     * the batch is given.
     */
    private final Map<Map<EventEnvelope, ProjectionWriter.Arrival>, Long> batchBytes =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private RebuildJob.RebuildStatus rebuildInBatchesOf(int events, boolean mayStage) {
        return rebuildInBatchesOf(events, properties.rebuildBatchBytes(), mayStage);
    }

    private RebuildJob.RebuildStatus rebuildInBatchesOf(
            int events, org.springframework.util.unit.DataSize bytes, boolean mayStage) {
        autovacuumWhileWriting.set(null);
        batchBytes.clear();
        IngestProperties p = properties;
        IngestProperties small = new IngestProperties(
                p.eventsTopic(),
                p.groupId(),
                p.concurrency(),
                p.schema(),
                p.rebuildWriters(),
                events,
                bytes,
                p.fetchWait());
        return new RebuildJob(dataSource, kafkaAdmin, live, small, views, clock) {
            @Override
            protected ProjectionWriter writerFor(JdbcTemplate jdbc) {
                return new ProjectionWriter(jdbc, clock, ProjectionWriter.CommittedViews.lastBatch(), true) {
                    @Override
                    protected boolean mayStage() {
                        return mayStage && super.mayStage();
                    }

                    @Override
                    public Outcome apply(List<EventEnvelope> batch, Map<EventEnvelope, Arrival> arrivals) {
                        // The lane's connection writes the fresh schema: its current schema.
                        autovacuumWhileWriting.compareAndSet(null, jdbc.queryForList("""
                                        SELECT relname FROM pg_class
                                        WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'
                                          AND NOT coalesce(reloptions @> ARRAY['autovacuum_enabled=false'], false)""", String.class));
                        // Without its largest record: the record that took the batch over its
                        // bound may be of any size (the topic holds other tests' long texts).
                        java.util.LongSummaryStatistics sizes = arrivals.values().stream()
                                .mapToLong(arrival -> arrival.text().length)
                                .summaryStatistics();
                        batchBytes.put(arrivals, sizes.getSum() - sizes.getMax());
                        return super.apply(batch, arrivals);
                    }
                };
            }
        }.runNow();
    }

    /**
     * A contract whose text holds what the rebuild's COPY must escape (tab, newline, carriage
     * return, backslash) and bytes that are not UTF-8, arriving pretty-printed: the event log keeps
     * each envelope as received, line breaks and all, and the rebuild copies it as the live writer
     * inserted it.
     */
    private static List<EventEnvelope> awkwardText() {
        Story story = Story.contract("R-AWKWARD", "client0", "supplier0")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed();
        return story.then(
                        Party.CLIENT,
                        new BreachRecorded(
                                ContractId.of("R-AWKWARD"),
                                BreachId.of("b-awkward"),
                                Story.RESPONSE_TIME,
                                Instant.parse("2026-12-02T10:00:00Z"),
                                null,
                                "tab\there, new\nline, return\r, back\\slash \\N, \"quoted\", \u00fc, " + NOT_UTF_8,
                                BreachTreatment.EXPERIENCE,
                                null))
                .envelopes();
    }

    /**
     * Sent as C1 BF, an overlong encoding that UTF-8 forbids: the JSON reader takes it for DEL,
     * PostgreSQL refuses it, and the live writer stores what a String makes of it (U+FFFD).
     */
    private static final String NOT_UTF_8 = "<not utf-8>";

    private void publishPrettyPrintedAndAwait(List<EventEnvelope> envelopes) {
        envelopes.forEach(e -> events.kafka()
                .send(
                        "contract.events",
                        e.contractId(),
                        notUtf8(SlaJson.mapper()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsBytes(e))));
        events.kafka().flush();
        EventEnvelope last = envelopes.get(envelopes.size() - 1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events.views()
                        .current(last.contractId())
                        .filter(view -> view.lastSequence() == last.sequence())
                        .isPresent());
        assertThat(jdbc.sql("SELECT envelope FROM event_log WHERE contract_id = 'R-AWKWARD' AND sequence = ?")
                        .param(last.sequence())
                        .query(String.class)
                        .single())
                .as("kept as received, with U+FFFD for the bytes that are not UTF-8")
                .contains("\n  ", "\\t", "\ufffd");
    }

    private static byte[] notUtf8(byte[] json) {
        String bytes = new String(json, StandardCharsets.ISO_8859_1);
        return bytes.replace(NOT_UTF_8, "\u00c1\u00bf").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The columns of the read models' schema whose statistics ANALYZE does not gather. */
    private List<String> jsonWithoutStatistics() {
        return jdbc.sql("""
                        SELECT c.relname || '.' || a.attname FROM pg_attribute a
                        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0
                          AND a.attstattarget = 0""").query(String.class).list();
    }

    /** Every index of the read models' schema with its definition (its schema name left out). */
    private List<String> indexes() {
        return jdbc.sql("""
                        SELECT replace(indexdef, schemaname || '.', '') FROM pg_indexes
                        WHERE schemaname = current_schema() ORDER BY indexname""").query(String.class).list();
    }

    /** Every table of the read models' schema with its storage options and those of its TOAST table. */
    private List<String> storageOptions() {
        return jdbc.sql("""
                        SELECT c.relname || ' ' || coalesce(array_to_string(c.reloptions, ','), '') || ' toast '
                            || coalesce(array_to_string(t.reloptions, ','), '')
                        FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
                        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
                        ORDER BY c.relname""").query(String.class).list();
    }

    /** Every constraint of the read models' schema with its definition. */
    private List<String> constraints() {
        return jdbc.sql("""
                        SELECT c.conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
                        JOIN pg_namespace n ON n.oid = c.connamespace
                        WHERE n.nspname = current_schema() ORDER BY c.conname""").query(String.class).list();
    }

    /**
     * Every read model's rows of this test's contracts, as text, in a stable order. (Other tests in the
     * shared database tamper with their own rows on purpose; a rebuild rightly repairs those.)
     */
    private List<String> snapshot() {
        List<String> rows = new ArrayList<>();
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || status || '|' || coalesce(version, '-') || '|' || last_sequence || '|' || view FROM contract_view WHERE contract_id LIKE 'R-%' ORDER BY contract_id")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || version || '|' || sequence || '|' || view FROM contract_version WHERE contract_id LIKE 'R-%' ORDER BY contract_id, major, minor")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT open_clause::text FROM open_clause WHERE contract_id LIKE 'R-%' ORDER BY contract_id, clause_id")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || sequence || '|' || envelope || '|' || entry FROM event_log WHERE contract_id LIKE 'R-%' ORDER BY contract_id, sequence")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT contract_id || '|' || breach_id || '|' || sequence || '|' || view FROM breach WHERE contract_id LIKE 'R-%' ORDER BY contract_id, sequence")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT scorecard_contract::text FROM scorecard_contract WHERE contract_id LIKE 'R-%' ORDER BY contract_id")
                .query(String.class)
                .list());
        rows.addAll(jdbc.sql(
                        "SELECT scorecard_month::text FROM scorecard_month WHERE contract_id LIKE 'R-%' ORDER BY contract_id, month")
                .query(String.class)
                .list());
        return rows;
    }
}
