package com.slaledger.intake;

import static com.slaledger.contract.ContractScenario.draftContract;
import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.OwnerLogin;
import com.slaledger.api.Actor;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.contract.Issuance;
import com.slaledger.contract.Position;
import com.slaledger.eventstore.CachedContracts;
import com.slaledger.eventstore.ChainAnchoredSnapshots;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Group commit (ADR 0009): many commands in one transaction, each in a unit of work nested in the
 * batch's root, and the one-at-a-time path when a batch fails as a whole.
 */
@ContractServiceTest
class CommandBatchTest {

    private static final String FAIL_ON_INSERT = "batch-test-boom";

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    @Autowired
    CommandBatch batch;

    @Autowired
    EventStore eventStore;

    @Autowired
    CachedContracts cached;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CommandProcessor processor;

    @Autowired
    @Qualifier("contractCache")
    Cache contractCache;

    @Autowired
    ChainAnchoredSnapshots chainAnchored;

    /** As the event store's owner, who may add the fault's trigger. */
    JdbcClient jdbc;

    @Autowired
    void connectAsOwner(DataSource dataSource) throws SQLException {
        jdbc = OwnerLogin.jdbc(dataSource);
    }

    @AfterEach
    void dropTheFault() {
        jdbc.sql("DROP TRIGGER IF EXISTS batch_test_boom ON processed_command").update();
        jdbc.sql("DROP TRIGGER IF EXISTS batch_test_no_snapshots ON snapshot_event_entry")
                .update();
        jdbc.sql("DROP TRIGGER IF EXISTS batch_test_slow ON processed_command").update();
        jdbc.sql("DROP SEQUENCE IF EXISTS batch_test_slow_started").update();
    }

    private static Reading.Parsed parsed(ContractCommand command) {
        return parsed(command, "batch-" + UUID.randomUUID());
    }

    private static Reading.Parsed parsed(ContractCommand command, String commandId) {
        return new Reading.Parsed(
                command.getClass().getSimpleName(),
                command,
                new Issuance(commandId, new Actor(Party.CLIENT, "it@acme.example"), Instant.now(), null, null));
    }

    private static DraftClause clause(ContractId id, String clauseId) {
        return new DraftClause(id, ClauseId.of(clauseId), "Heading " + clauseId, "text", null, null, null);
    }

    private List<CommandResult> process(Reading... readings) {
        return batch.process(
                List.of(readings), System.nanoTime() + Duration.ofSeconds(10).toNanos());
    }

    /** A draft and {@code clauses} clauses of one contract, for one batch. */
    private static Reading[] draftedWithClauses(ContractId id, int clauses) {
        List<Reading> readings = new ArrayList<>(List.of(parsed(draftContract(id))));
        for (int i = 0; i < clauses; i++) {
            readings.add(parsed(clause(id, "c-" + i)));
        }
        return readings.toArray(Reading[]::new);
    }

    private long events(String contractId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(contractId)
                .query(Long.class)
                .single();
    }

    private long stored(String commandId) {
        return jdbc.sql("SELECT count(*) FROM processed_command WHERE command_id = ?")
                .param(commandId)
                .query(Long.class)
                .single();
    }

    @Test
    void commandsOfOneContractInOneBatchSeeEachOther() {
        ContractId id = ContractId.of("BATCH-SEE-1");

        List<CommandResult> results =
                process(parsed(draftContract(id)), parsed(clause(id, "a")), parsed(clause(id, "b")));

        assertThat(results).extracting(CommandResult::status).containsOnly(CommandResult.Status.ACCEPTED);
        assertThat(results).extracting(CommandResult::sequence).containsExactly(0L, 1L, 2L);
        assertThat(events(id.value())).isEqualTo(3);
    }

    /**
     * A contract that passes its snapshot threshold (five in the tests) within a batch is
     * snapshotted once the batch has committed, from the state the batch left it in: at the
     * batch's last event, not at the one that passed the threshold, and sound by the chain.
     */
    @Test
    void aContractSnapshottedWithinABatchIsSnapshottedAtTheBatchsEnd() {
        ContractId id = ContractId.of("BATCH-SNAPSHOT-1");
        double inHand = meters.counter("sla.snapshots", "made", "in-hand").count();

        List<CommandResult> results = process(draftedWithClauses(id, 7));

        assertThat(results).extracting(CommandResult::status).containsOnly(CommandResult.Status.ACCEPTED);
        assertThat(meters.counter("sla.snapshots", "made", "in-hand").count() - inHand)
                .isEqualTo(1);
        DomainEventData<?> snapshot = jdbc.sql("""
                        SELECT type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
                               payload_type, payload_revision, payload, meta_data
                        FROM snapshot_event_entry WHERE aggregate_identifier = ?""")
                .param(id.value())
                .query((rs, row) -> new GenericDomainEventEntry<>(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getBytes(8),
                        rs.getBytes(9)))
                .single();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(7);
        assertThat(chainAnchored.test(snapshot)).isTrue();
    }

    /**
     * A batch can pass a contract's snapshot threshold twice (at 5 and at 10 events here); both
     * passes would snapshot the state the batch left, at the same sequence, and the second insert
     * failed on the snapshot table's key. The contract is snapshotted once.
     */
    @Test
    void aContractPassingItsThresholdTwiceInOneBatchIsSnapshottedOnce() {
        ContractId id = ContractId.of("BATCH-SNAPSHOT-TWICE");
        double inHand = meters.counter("sla.snapshots", "made", "in-hand").count();
        double failed = meters.counter("sla.snapshots", "made", "failed").count();

        List<CommandResult> results = process(draftedWithClauses(id, 11));

        assertThat(results).extracting(CommandResult::status).containsOnly(CommandResult.Status.ACCEPTED);
        assertThat(meters.counter("sla.snapshots", "made", "failed").count() - failed)
                .isZero();
        assertThat(meters.counter("sla.snapshots", "made", "in-hand").count() - inHand)
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT sequence_number FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                        .param(id.value())
                        .query(Long.class)
                        .list())
                .containsExactly(11L);
    }

    /**
     * A snapshot that cannot be stored is counted and logged; the batch it followed has committed
     * and every command keeps its answer.
     */
    @Test
    void aSnapshotThatCannotBeStoredLeavesTheBatchCommitted() {
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION batch_test_no_snapshots() RETURNS trigger AS $$
                        BEGIN
                            RAISE EXCEPTION 'injected: the snapshot cannot be stored';
                        END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("""
                        CREATE TRIGGER batch_test_no_snapshots BEFORE INSERT ON snapshot_event_entry
                        FOR EACH ROW EXECUTE FUNCTION batch_test_no_snapshots()""").update();
        ContractId id = ContractId.of("BATCH-SNAPSHOT-FAILS");
        double failed = meters.counter("sla.snapshots", "made", "failed").count();

        List<CommandResult> results = process(draftedWithClauses(id, 5));

        assertThat(results).extracting(CommandResult::status).containsOnly(CommandResult.Status.ACCEPTED);
        assertThat(events(id.value())).isEqualTo(6);
        assertThat(meters.counter("sla.snapshots", "made", "failed").count() - failed)
                .isEqualTo(1);
        assertThat(process(parsed(clause(id, "after"))))
                .extracting(CommandResult::sequence)
                .containsExactly(6L);
    }

    @Test
    void aCommandSentTwiceInOneBatchTakesEffectOnce() {
        ContractId id = ContractId.of("BATCH-TWICE-1");
        Reading.Parsed clause = parsed(clause(id, "a"));

        List<CommandResult> results = process(parsed(draftContract(id)), clause, clause);

        assertThat(results.get(2).duplicate()).isTrue();
        assertThat(results.get(2).sequence()).isEqualTo(results.get(1).sequence());
        assertThat(events(id.value())).isEqualTo(2);
    }

    @Test
    void aRejectionIsStoredInTheBatchAtThePositionTheBatchReachedAndTheRestGoesOn() {
        ContractId id = ContractId.of("BATCH-REJECT-1");
        Reading.Parsed unknownClause = parsed(new FillInClause(id, ClauseId.of("nope"), "text", null, null));

        List<CommandResult> results = process(parsed(draftContract(id)), unknownClause, parsed(clause(id, "a")));

        assertThat(results.get(1).status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(results.get(1).sequence())
                .as("after the draft in this very batch")
                .isEqualTo(0L);
        assertThat(stored(unknownClause.issuance().commandId())).isEqualTo(1);
        assertThat(results.get(2).status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(results.get(2).sequence()).isEqualTo(1L);
    }

    /**
     * A refusal by a loaded contract applies nothing, so the contract stays cached, in a batch and
     * alone (the one-at-a-time path, and HTTP): its unit of work used to roll back, on which Axon's
     * caching repository drops the contract, and its next command read it afresh (ADR 0009).
     */
    @Test
    void aRefusedCommandLeavesItsContractCachedInABatchAndAlone() {
        ContractId id = ContractId.of("BATCH-REFUSED-CACHED-1");
        process(parsed(draftContract(id)));
        assertThat(contractCache.containsKey(id.value())).isTrue();

        CommandResult inABatch = process(unknownClause(id)).get(0);

        assertThat(inABatch.code()).isEqualTo(RejectionCode.CLAUSE_NOT_FOUND);
        assertThat(contractCache.containsKey(id.value()))
                .as("cached after a refusal in a batch")
                .isTrue();

        CommandResult alone = processor.process(unknownClause(id));

        assertThat(alone.code()).isEqualTo(RejectionCode.CLAUSE_NOT_FOUND);
        assertThat(contractCache.containsKey(id.value()))
                .as("cached after a refusal alone")
                .isTrue();
        assertThat(process(parsed(clause(id, "a"))).get(0).sequence()).isEqualTo(1L);
        assertThat(events(id.value())).isEqualTo(2);
    }

    /** A refusal before there was a contract (here an invalid draft) still rolls back: nothing is kept. */
    @Test
    void aRefusedDraftLeavesNoContractBehind() {
        ContractId id = ContractId.of("BATCH-REFUSED-DRAFT-1");
        DraftContract valid = draftContract(id);
        DraftContract endsAsItStarts = new DraftContract(
                id,
                valid.clientId(),
                valid.clientName(),
                valid.supplierId(),
                valid.supplierName(),
                valid.title(),
                valid.scope(),
                valid.ownership(),
                valid.monthlyFee(),
                valid.atRiskPercent(),
                valid.startDate(),
                valid.startDate());

        assertThat(process(parsed(endsAsItStarts)).get(0).status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(processor.process(parsed(endsAsItStarts)).status()).isEqualTo(CommandResult.Status.REJECTED);

        assertThat(contractCache.containsKey(id.value())).isFalse();
        assertThat(events(id.value())).isZero();
        assertThat(process(parsed(valid)).get(0).sequence()).isEqualTo(0L);
    }

    private static Reading.Parsed unknownClause(ContractId id) {
        return parsed(new FillInClause(id, ClauseId.of("nope"), "text", null, null));
    }

    /**
     * Two instances: another writer appended to a contract this instance holds in its cache. The
     * next decision is taken on the stored contract, not on the stale cached one, which would refuse
     * the command's expected version with a CONFLICT stored for good.
     */
    @Test
    void aContractAnotherWriterChangedIsReadAfreshBeforeDeciding() {
        ContractId id = ContractId.of("BATCH-STALE-1");
        draftedHereThenChangedElsewhere(id);
        double rereadBefore = meters.counter("sla.contracts.reread").count();

        CommandResult result = process(expectingTheOtherWrite(id)).get(0);

        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(result.sequence()).isEqualTo(2L);
        assertThat(meters.counter("sla.contracts.reread").count()).isEqualTo(rereadBefore + 1);
    }

    /**
     * Two writers, the other one committing between this instance's staleness check and its
     * decision (simulated by telling the check this instance wrote it). The rejection is consistent
     * with an order in which it came first, and says so: it carries the position it was judged
     * against, not the stored one that came after (which it used to, so a sender could not tell).
     */
    @Test
    void aRejectionCarriesThePositionItWasJudgedAgainst() {
        ContractId id = ContractId.of("BATCH-JUDGED-1");
        draftedHereThenChangedElsewhere(id);
        cached.committed(id.value(), new Position(1, null));

        CommandResult result = process(expectingTheOtherWrite(id)).get(0);

        assertThat(result.code()).isEqualTo(RejectionCode.CONFLICT);
        assertThat(result.message()).endsWith("the contract is at 0");
        assertThat(result.sequence()).as("judged against").isEqualTo(0L);
    }

    /** Drafted through this instance (which caches it), then given a clause by another writer at sequence 1. */
    private void draftedHereThenChangedElsewhere(ContractId id) {
        process(parsed(draftContract(id)));
        eventStore.publish(
                new GenericDomainEventMessage<>("Contract", id.value(), 1, ClauseDrafted.of(clause(id, "elsewhere"))));
    }

    /** A clause sent by a sender that saw the other writer's change: it expects sequence 1. */
    private static Reading.Parsed expectingTheOtherWrite(ContractId id) {
        return new Reading.Parsed(
                "DraftClause",
                clause(id, "b"),
                new Issuance(
                        "batch-" + UUID.randomUUID(),
                        new Actor(Party.CLIENT, "it@acme.example"),
                        Instant.now(),
                        1L,
                        null));
    }

    /**
     * The batch's answers go to {@code processed_command} in one statement (the driver rewrites the
     * JDBC batch into one multi-row insert), not one round trip per command: a statement-level
     * trigger counts the inserts.
     */
    @Test
    void aBatchStoresItsAnswersInOneStatement() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS batch_test_inserts (n int)").update();
        jdbc.sql("DELETE FROM batch_test_inserts").update();
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION batch_test_count() RETURNS trigger AS $$
                        BEGIN
                            INSERT INTO batch_test_inserts VALUES (1);
                            RETURN NULL;
                        END $$ LANGUAGE plpgsql SECURITY DEFINER""").update();
        jdbc.sql("""
                        CREATE TRIGGER batch_test_count AFTER INSERT ON processed_command
                        FOR EACH STATEMENT EXECUTE FUNCTION batch_test_count()""").update();
        try {
            ContractId id = ContractId.of("BATCH-ONE-INSERT-1");
            List<Reading> readings = new ArrayList<>(List.of(parsed(draftContract(id))));
            for (int i = 0; i < 7; i++) {
                readings.add(parsed(clause(id, "c" + i)));
            }

            List<CommandResult> results = batch.process(
                    readings, System.nanoTime() + Duration.ofSeconds(10).toNanos());

            assertThat(results).extracting(CommandResult::status).containsOnly(CommandResult.Status.ACCEPTED);
            assertThat(results)
                    .allSatisfy(result -> assertThat(stored(result.commandId())).isOne());
            assertThat(jdbc.sql("SELECT count(*) FROM batch_test_inserts")
                            .query(Long.class)
                            .single())
                    .as("INSERT statements on processed_command for 8 answers")
                    .isOne();
        } finally {
            jdbc.sql("DROP TRIGGER IF EXISTS batch_test_count ON processed_command")
                    .update();
        }
    }

    /** A failure in the middle (here the database refusing one command's insert) undoes the whole batch. */
    @Test
    void aFailureRollsBackTheWholeBatch() {
        failOnInsertOf(FAIL_ON_INSERT);
        ContractId id = ContractId.of("BATCH-ROLLBACK-1");
        Reading.Parsed first = parsed(draftContract(id));

        assertThatThrownBy(() -> process(first, parsed(clause(id, "a"), FAIL_ON_INSERT), parsed(clause(id, "b"))))
                .isInstanceOf(RuntimeException.class);

        assertThat(events(id.value())).as("not even the first command's events").isZero();
        assertThat(stored(first.issuance().commandId())).isZero();
    }

    /**
     * Through the real broker: a poll whose batch fails is handled one record at a time; every good
     * command is accepted exactly once, the failing one answered, and the next command gets through.
     */
    @Test
    void aPollWhoseBatchFailsIsHandledOneRecordAtATime() {
        failOnInsertOf(FAIL_ON_INSERT);
        ContractId id = ContractId.of("BATCH-FALLBACK-1");
        ObjectNode draft = envelope(Party.CLIENT, draftContract(id));
        ObjectNode failing = envelope(Party.CLIENT, clause(id, "a")).put("commandId", FAIL_ON_INSERT);
        ObjectNode after = envelope(Party.CLIENT, clause(id, "b"));
        kafka.sendAsync(id.value(), bytes(draft));
        kafka.sendAsync(id.value(), bytes(failing));
        kafka.sendAsync(id.value(), bytes(after));
        kafka.flush();

        assertThat(kafka.awaitResult(draft.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(kafka.awaitResult(FAIL_ON_INSERT).status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(kafka.awaitResult(after.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(events(id.value())).as("draft and clause b, once each").isEqualTo(2);
        await().during(Duration.ofMillis(300))
                .until(() -> kafka.resultsFor(after.get("commandId").asString()).size() == 1);

        dropTheFault();
        ObjectNode next = envelope(Party.CLIENT, clause(id, "c"));
        kafka.send(id.value(), bytes(next));
        assertThat(kafka.awaitResult(next.get("commandId").asString()).sequence())
                .isEqualTo(2L);
    }

    /**
     * Through the real broker: two commands that arrive one after the other while a poll is being
     * handled are taken together by the next poll. The consumer sends its next fetch as it hands a
     * poll over; answered at once, that fetch would bring only the first of them, and the second
     * would wait for the poll after (ADR 0009, {@code sla.intake.fetch-wait}).
     */
    @Test
    void commandsThatArriveWhileAPollIsHandledAreTakenByTheNextPollTogether() {
        String slow = "batch-test-slow-" + UUID.randomUUID();
        slowInsertOf(slow);
        ObjectNode first = envelope(Party.CLIENT, draftContract(ContractId.of("BATCH-HELD-1")))
                .put("commandId", slow);
        ObjectNode second = envelope(Party.CLIENT, draftContract(ContractId.of("BATCH-HELD-2")));
        ObjectNode third = envelope(Party.CLIENT, draftContract(ContractId.of("BATCH-HELD-3")));
        DistributionSummary batches = meters.get("sla.commands.batch.size").summary();
        long before = batches.count();

        kafka.send("BATCH-HELD-1", bytes(first));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("SELECT is_called FROM batch_test_slow_started")
                        .query(Boolean.class)
                        .single());
        // Each well after the fetch sent as the slow poll was handed over has had its hold (or,
        // without one, its answer), and while the slow command is still being stored.
        awaitStillStoring(slow);
        kafka.send("BATCH-HELD-2", bytes(second));
        awaitStillStoring(slow);
        kafka.send("BATCH-HELD-3", bytes(third));

        for (ObjectNode command : List.of(first, second, third)) {
            assertThat(kafka.awaitResult(command.get("commandId").asString()).status())
                    .isEqualTo(CommandResult.Status.ACCEPTED);
        }
        assertThat(batches.count() - before)
                .as("the slow command's batch, then one batch for both that arrived during it")
                .isEqualTo(2);
    }

    /** Waits 100 ms, and requires that the slow command has no result yet. */
    private void awaitStillStoring(String slow) {
        await().pollDelay(Duration.ofMillis(100))
                .atMost(Duration.ofMillis(500))
                .until(() -> kafka.resultsFor(slow).isEmpty());
    }

    /**
     * Storing this command's result takes a second; a sequence, which no transaction holds back,
     * shows when it has begun.
     */
    private void slowInsertOf(String commandId) {
        jdbc.sql("DROP SEQUENCE IF EXISTS batch_test_slow_started").update();
        jdbc.sql("CREATE SEQUENCE batch_test_slow_started").update();
        jdbc.sql("GRANT USAGE ON SEQUENCE batch_test_slow_started TO PUBLIC").update();
        onStoringResultOf(
                commandId, "batch_test_slow", "PERFORM nextval('batch_test_slow_started'); PERFORM pg_sleep(1);");
    }

    /** The database refuses to store this command's result, as on a unique-key race. */
    private void failOnInsertOf(String commandId) {
        onStoringResultOf(
                commandId,
                "batch_test_boom",
                "RAISE unique_violation USING MESSAGE = 'injected: another writer stored this id';");
    }

    /** A trigger {@code name} that runs {@code action} as this command's result is stored. */
    private void onStoringResultOf(String commandId, String name, String action) {
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION %1$s() RETURNS trigger AS $$
                        BEGIN
                            IF NEW.command_id = '%2$s' THEN
                                %3$s
                            END IF;
                            RETURN NEW;
                        END $$ LANGUAGE plpgsql""".formatted(name, commandId, action)).update();
        jdbc.sql("CREATE TRIGGER %1$s BEFORE INSERT ON processed_command FOR EACH ROW EXECUTE FUNCTION %1$s()"
                        .formatted(name))
                .update();
    }
}
