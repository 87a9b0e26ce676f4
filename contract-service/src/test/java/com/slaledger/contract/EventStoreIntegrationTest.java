package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.ContractId;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.eventstore.SnapshotsInHand;
import com.slaledger.eventstore.StoredChain;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

@ContractServiceTest
class EventStoreIntegrationTest {

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StoredChain storedChain;

    @Autowired
    SnapshotsInHand snapshots;

    @Autowired
    @Qualifier("contractCache")
    Cache contractCache;

    @Autowired
    MeterRegistry meters;

    /** Ten events: drafted, two clauses, two signatures, activation, two breaches, a fill-in agreed (2.0). */
    private void playTheStory(ContractId id) {
        aContract(id)
                .withAgreedClause()
                .withOpenClause(RESPONSE_TIME)
                .signed()
                .withBreach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z")
                .withBreach("b-2", RESPONSE_TIME, "2026-12-04T02:00:00Z")
                .withFillInAgreed(RESPONSE_TIME)
                .commands()
                .forEach(commands::sendAndWait);
    }

    @Test
    void aCommandThroughTheGatewayStoresItsEventsInDomainEventEntry() {
        ContractId id = ContractId.of("IT-STORE-1");
        playTheStory(id);

        List<String> types = jdbc.sql(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(id.value())
                .query(String.class)
                .list();
        assertThat(types)
                .extracting(t -> t.substring(t.lastIndexOf('.') + 1))
                .containsExactly(
                        "ContractDrafted",
                        "ClauseDrafted",
                        "ClauseLeftOpen",
                        "ContractSigned",
                        "ContractSigned",
                        "ContractActivated",
                        "BreachRecorded",
                        "BreachRecorded",
                        "ChangeProposed",
                        "ChangeAgreed");
        assertThat(jdbc.sql("SELECT DISTINCT payload_revision FROM domain_event_entry WHERE aggregate_identifier = ?")
                        .param(id.value())
                        .query(String.class)
                        .list())
                .containsExactly("1");
        String firstPayload = new String(
                jdbc.sql(
                                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
                        .param(id.value())
                        .query(byte[].class)
                        .single(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(firstPayload).contains("\"amount\":\"10000.00\"").contains("\"contractId\":\"IT-STORE-1\"");
    }

    @Test
    void reloadingFromTheStoreAndFromASnapshotGivesTheSameState() {
        ContractId id = ContractId.of("IT-SNAPSHOT-1");
        playTheStory(id);

        awaitSnapshot(id);

        ContractView folded = foldAllEvents(id);
        ContractView fromSnapshot = loadWithoutCache(id);
        assertThat(fromSnapshot).isEqualTo(ContractScenario.heldForDecisions(folded));
        assertThat(folded.version()).isEqualTo("2.0");
        assertThat(folded.openClauseCount()).isZero();
    }

    /**
     * Snapshots come from the contract this instance holds once its commands have committed, not
     * from its events read again (ADR 0009): with a threshold of five, the story's ten events make
     * two, at the fifth and the tenth. That they are sound and used is shown by the tests around.
     */
    @Test
    void snapshotsAreTakenFromTheStateInHand() {
        double inHand = snapshotsMade("in-hand");
        double replayed = snapshotsMade("replayed");
        ContractId id = ContractId.of("IT-SNAPSHOT-IN-HAND");

        playTheStory(id);

        assertThat(snapshotsMade("in-hand") - inHand).isEqualTo(2);
        assertThat(snapshotsMade("replayed") - replayed).isZero();
        assertThat(snapshotSequence(id)).isEqualTo(9);
        assertThat(loadWithoutCache(id)).isEqualTo(ContractScenario.heldForDecisions(foldAllEvents(id)));
    }

    /** A contract the cache no longer holds is snapshotted as Axon does: from its stored events. */
    @Test
    void aContractNotHeldIsSnapshottedFromItsEvents() {
        ContractId id = ContractId.of("IT-SNAPSHOT-NOT-HELD");
        playTheStory(id);
        commands.sendAndWait(byClient(breach(id, "b-3", AVAILABILITY, "2026-12-05T02:00:00Z")));
        assertThat(snapshotSequence(id)).isEqualTo(9);
        double replayed = snapshotsMade("replayed");

        contractCache.remove(id.value());
        snapshots.scheduleSnapshot(Contract.class, id.value());

        assertThat(snapshotsMade("replayed") - replayed).isEqualTo(1);
        assertThat(snapshotSequence(id)).isEqualTo(10);
        assertThat(loadWithoutCache(id)).isEqualTo(ContractScenario.heldForDecisions(foldAllEvents(id)));
    }

    /**
     * A snapshot holds the whole contract, and PostgreSQL's default compression (pglz) took ten
     * times as long as lz4 to store one (V8, ADR 0009). A server without lz4 keeps the default.
     */
    @Test
    void snapshotsAreCompressedWithLz4WhereTheServerHasIt() {
        String method = jdbc.sql("""
                        SELECT attcompression::text FROM pg_attribute
                        WHERE attrelid = 'snapshot_event_entry'::regclass AND attname = 'payload'""").query(String.class).single();
        assertThat(method).isEqualTo(serverHasLz4() ? "l" : "");
    }

    private boolean serverHasLz4() {
        try {
            jdbc.sql("SELECT set_config('default_toast_compression', 'lz4', true)")
                    .query(String.class)
                    .single();
            return true;
        } catch (org.springframework.dao.DataAccessException e) {
            return false;
        }
    }

    private double snapshotsMade(String how) {
        return meters.counter("sla.snapshots", "made", how).count();
    }

    private long snapshotSequence(ContractId id) {
        return jdbc.sql("SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                .param(id.value())
                .query(Long.class)
                .single();
    }

    /**
     * The service's login may write snapshots, so one that disagrees with the chain (its last hash
     * or its sequence) is not used: the contract is rebuilt from its events, forged state and all
     * ignored. Without the check, the forged client name below would come back from the load.
     */
    @Test
    void aSnapshotThatDisagreesWithTheChainIsNotUsed() {
        ContractId id = ContractId.of("IT-SNAPSHOT-FORGED");
        playTheStory(id);
        awaitSnapshot(id);
        String payload = "convert_from(payload, 'UTF8')";
        int forged = jdbc.sql("UPDATE snapshot_event_entry SET payload = convert_to(replace(replace(" + payload
                        + ", 'ACME Logistics', 'Forged Ltd'), '\"lastHash\":\"', '\"lastHash\":\"0'), 'UTF8')"
                        + " WHERE aggregate_identifier = ?")
                .param(id.value())
                .update();
        assertThat(forged).isPositive();

        ContractView loaded = loadWithoutCache(id);

        assertThat(loaded).isEqualTo(ContractScenario.heldForDecisions(foldAllEvents(id)));
        assertThat(loaded.clientName()).isEqualTo("ACME Logistics");
    }

    @Test
    void aSnapshotThatAgreesWithTheChainIsUsed() {
        ContractId id = ContractId.of("IT-SNAPSHOT-USED");
        playTheStory(id);
        awaitSnapshot(id);
        // a change that keeps the chain's hash: proves the snapshot, not a replay, was loaded
        jdbc.sql("UPDATE snapshot_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                        + " 'ACME Logistics', 'Snapshot Ltd'), 'UTF8') WHERE aggregate_identifier = ?")
                .param(id.value())
                .update();

        assertThat(loadWithoutCache(id).clientName()).isEqualTo("Snapshot Ltd");
    }

    @Test
    void theStoredHashChainVerifies() {
        ContractId id = ContractId.of("IT-CHAIN-1");
        playTheStory(id);

        ChainVerification verification = storedChain.verify(id.value());
        assertThat(verification.valid()).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(10);
    }

    @Test
    void aSecondDraftWithTheSameIdIsRefused() {
        ContractId id = ContractId.of("IT-DUP-1");
        playTheStory(id);
        assertThatThrownBy(() -> commands.sendAndWait(bySupplier(draftContract(id))))
                .isInstanceOfSatisfying(
                        CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.CONTRACT_EXISTS));
    }

    private void awaitSnapshot(ContractId id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                                .param(id.value())
                                .query(Long.class)
                                .single()
                        > 0);
    }

    /** The shared fold over the stored events, as the read models fold them. */
    private ContractView foldAllEvents(ContractId id) {
        ContractView state = null;
        for (var message : eventStore.readEvents(id.value(), 0).asStream().toList()) {
            state = ContractFold.apply(
                    state,
                    (ContractEvent) message.getPayload(),
                    Contract.stamp(
                            message.getSequenceNumber(),
                            message.getTimestamp(),
                            message.getMetaData().get(Issuance.RECEIVED_AT)));
        }
        return state;
    }

    private ContractView loadWithoutCache(ContractId id) {
        EventSourcingRepository<Contract> repository = EventSourcingRepository.builder(Contract.class)
                .eventStore(eventStore)
                .build();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(id.value()).invoke(Contract::state);
        } finally {
            unitOfWork.rollback();
        }
    }
}
