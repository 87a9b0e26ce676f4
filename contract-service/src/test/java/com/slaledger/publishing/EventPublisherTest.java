package com.slaledger.publishing;

import static com.slaledger.contract.ContractScenario.draftContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.Actor;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.Issuance;
import com.slaledger.eventstore.SerialisedAppends;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@ContractServiceTest
class EventPublisherTest {

    private static EventsTopicClient events;

    @Autowired
    CommandGateway commands;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @Autowired
    com.slaledger.FaultInjection.PublisherErrors publisherErrors;

    @Autowired
    PublisherHealth publisherHealth;

    @Autowired
    org.springframework.scheduling.TaskScheduler taskScheduler;

    @Autowired
    com.slaledger.kafka.ListenerRestarts restarts;

    @BeforeAll
    static void listen() {
        events = new EventsTopicClient();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        events.close();
    }

    /**
     * An Error in the publisher ends Axon's worker and leaves the processor in its error state for
     * good (it retries exceptions only). The health check is DOWN until the processor is started
     * again, nobody here starting it; the event that met the Error is then published, and so are the
     * events stored after it.
     */
    @Test
    void anErrorInThePublisherStopsItUntilItStartsAgainAndTheEventsAreStillPublished() {
        List<Error> errors = com.slaledger.testsupport.HostileErrors.errors()
                .sampleStream()
                .limit(2)
                .toList();
        for (int i = 0; i < errors.size(); i++) {
            anErrorStopsThePublisherUntilItStartsAgain(errors.get(i), "PUB-ERROR-" + i);
        }
    }

    /**
     * Spring runs every {@code @Scheduled} task on one pool, the publisher's watch among them: a
     * task that takes long there (a review scan on a day many reviews fall due, or against a slow
     * database) must not hold up the publisher's restart after an Error.
     */
    @Test
    void aRestartAfterAnErrorIsNotHeldUpByAnotherScheduledTaskThatTakesLong() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        taskScheduler.schedule(
                () -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    }
                },
                Instant.now());
        try {
            assertThat(running.await(10, TimeUnit.SECONDS))
                    .as("the long task runs")
                    .isTrue();
            anErrorStopsThePublisherUntilItStartsAgain(
                    com.slaledger.testsupport.HostileErrors.errors()
                            .sampleStream()
                            .findFirst()
                            .orElseThrow(),
                    "PUB-ERROR-BUSY");
        } finally {
            release.countDown();
        }
    }

    private void anErrorStopsThePublisherUntilItStartsAgain(Error error, String contractId) {
        ContractId met = ContractId.of(contractId);
        ContractId next = ContractId.of(contractId + "-NEXT");
        int restartsBefore = restarts.restarts(EventPublisher.PROCESSING_GROUP);
        publisherErrors.errorOnceFor(met.value(), error);

        send(Party.CLIENT, draftContract(met));
        // Axon's worker rethrows the Error out of its thread; that is what is tested, not a
        // failure of this test (Awaitility fails on any thread's uncaught exception by default).
        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> publisherHealth.health().getStatus().getCode().equals("DOWN"));
        assertThat(String.valueOf(publisherHealth.health().getDetails().get("processor")))
                .as("after %s", error)
                .startsWith("stopped by an Error");
        send(Party.CLIENT, draftContract(next));

        await().dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !events.of(met.value()).isEmpty()
                        && !events.of(next.value()).isEmpty());
        assertThat(events.of(met.value()))
                .allSatisfy(
                        received -> assertThat(received.envelope().sequence()).isZero());
        assertThat(restarts.restarts(EventPublisher.PROCESSING_GROUP)).isEqualTo(restartsBefore + 1);
        assertThat(publisherHealth.health().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void everyStoredEventIsPublishedInItsEnvelopeKeyedByContractAndInOrder() {
        ContractId id = ContractId.of("PUB-1");
        send(Party.CLIENT, draftContract(id));
        send(
                Party.CLIENT,
                new DraftClause(id, ClauseId.of("availability"), "Availability", "99.8 %", null, null, null));
        send(Party.CLIENT, new SignContract(id));
        String lastCommand = send(Party.SUPPLIER, new SignContract(id));

        await().atMost(Duration.ofSeconds(20)).until(() -> events.of(id.value()).size() == 5);
        List<EventsTopicClient.Received> received = events.of(id.value());
        assertThat(received).extracting(EventsTopicClient.Received::key).containsOnly(id.value());
        List<EventEnvelope> envelopes =
                received.stream().map(EventsTopicClient.Received::envelope).toList();
        assertThat(envelopes).extracting(EventEnvelope::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(envelopes)
                .extracting(EventEnvelope::type)
                .containsExactly(
                        "ContractDrafted", "ClauseDrafted", "ContractSigned", "ContractSigned", "ContractActivated");
        EventEnvelope activated = envelopes.get(4);
        assertThat(activated.contractVersion()).isEqualTo("1.0");
        assertThat(activated.actor()).isEqualTo(new Actor(Party.SUPPLIER, "desk@hostco.example"));
        assertThat(activated.commandId()).isEqualTo(lastCommand);
        assertThat(activated.revision()).isEqualTo(1);
        assertThat(activated.chainVersion())
                .as("every new event is hashed under chain version 2")
                .isEqualTo(2);
        assertThat(activated.occurredAt()).as("the sender's claim").isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(activated.receivedAt()).as("the service's clock").isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(activated.event()).isEqualTo(new ContractActivated(id, com.slaledger.api.ContractVersion.FIRST));
        assertThat(envelopes.get(0).contractVersion()).isNull();
        assertThat(HashChain.verify(envelopes.stream().map(ChainedEvent::of).toList())
                        .valid())
                .isTrue();
        // Sent around the stored payload's bytes, each record is the envelope written from its event.
        List<? extends DomainEventMessage<?>> stored =
                eventStore.readEvents(id.value(), 0).asStream().toList();
        for (int i = 0; i < stored.size(); i++) {
            DomainEventMessage<?> event = stored.get(i);
            assertThat(new String(received.get(i).value(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(
                            SlaJson.mapper()
                                    .writeValueAsBytes(EventPublisher.envelope(
                                            event, SlaJson.mapper().valueToTree(event.getPayload()))),
                            StandardCharsets.UTF_8));
        }
    }

    /**
     * Payload or metadata bytes damaged in the event store (generated): each such event still goes
     * out, as an envelope every consumer can read, without the payload, and publishing goes on with
     * the next event behind them. The damaged rows are inserted as the store would hold them, under
     * its append lock (ADR 0007), copied from a real one.
     */
    @Test
    void aStoredEventThatCannotBeReadGoesOutWithoutItsPayloadAndTheNextEventFollows() {
        ContractId template = ContractId.of("PUB-DAMAGED-TEMPLATE");
        Map<String, Object> row = draftedRow(template);
        byte[] payload = (byte[]) row.get("payload");
        byte[] metaData = (byte[]) row.get("meta_data");
        List<byte[][]> damaged = new ArrayList<>();
        damaged(payload).forEach(bytes -> damaged.add(new byte[][] {bytes, metaData}));
        damaged(metaData).forEach(bytes -> damaged.add(new byte[][] {payload, bytes}));
        double payloadsBefore = unreadable("payload");
        double metaDataBefore = unreadable("metadata");
        Map<String, Map<String, Object>> rows = new java.util.LinkedHashMap<>();
        for (byte[][] stored : damaged) {
            rows.put("PUB-DAMAGED-" + rows.size(), Map.of("payload", stored[0], "meta_data", stored[1]));
        }
        storeAsTheEventStoreWould(row, rows);
        List<String> victims = List.copyOf(rows.keySet());
        ContractId next = ContractId.of("PUB-DAMAGED-NEXT");
        send(Party.CLIENT, draftContract(next));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> events.of(next.value()).size() == 1);
        EventEnvelope original = events.of(template.value()).get(0).envelope();
        for (int i = 0; i < victims.size(); i++) {
            String victim = victims.get(i);
            boolean metaDataDamaged = damaged.get(i)[0] == payload;
            List<EventsTopicClient.Received> received = events.of(victim);
            assertThat(received)
                    .as("%s, stored as %s", victim, Arrays.toString(damaged.get(i)[metaDataDamaged ? 1 : 0]))
                    .hasSize(1);
            EventEnvelope envelope = received.get(0).envelope();
            assertThat(envelope).as("%s is a readable envelope", victim).isNotNull();
            assertThat(envelope.payload() == null || envelope.payload().isNull())
                    .as("%s without its payload", victim)
                    .isTrue();
            assertThat(envelope.type()).isEqualTo(original.type());
            assertThat(envelope.sequence()).isZero();
            assertThat(envelope.hash()).isEqualTo(metaDataDamaged ? null : original.hash());
        }
        assertThat(unreadable("payload") - payloadsBefore).isEqualTo(damaged.size() / 2);
        assertThat(unreadable("metadata") - metaDataBefore).isEqualTo(damaged.size() / 2);
        assertThat(events.of(next.value()).get(0).envelope().event())
                .isEqualTo(eventStore
                        .readEvents(next.value(), 0)
                        .asStream()
                        .findFirst()
                        .orElseThrow()
                        .getPayload());
    }

    /**
     * The row's other columns damaged: a payload type the service does not know, or not a class
     * name at all, a revision it never wrote. Each event still goes out, and the next event follows.
     * (A time that is not one the database refuses: {@code AppendOnlyEventStoreTest}.)
     */
    @Test
    void aStoredEventWithDamagedColumnsGoesOutWithoutItsPayloadAndTheNextEventFollows() {
        ContractId template = ContractId.of("PUB-COLUMNS-TEMPLATE");
        Map<String, Object> row = draftedRow(template);
        Map<String, Map<String, Object>> damaged = new java.util.LinkedHashMap<>();
        damaged.put("PUB-COLUMNS-TYPE", Map.of("payload_type", "com.slaledger.api.event.ContractTeleported"));
        damaged.put("PUB-COLUMNS-NOT-A-CLASS", Map.of("payload_type", "not a class at all"));
        damaged.put("PUB-COLUMNS-REVISION", Map.of("payload_revision", "99"));
        storeAsTheEventStoreWould(row, damaged);
        ContractId next = ContractId.of("PUB-COLUMNS-NEXT");
        send(Party.CLIENT, draftContract(next));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> events.of(next.value()).size() == 1);
        damaged.forEach((victim, columns) -> {
            List<EventsTopicClient.Received> received = events.of(victim);
            assertThat(received).as("%s, stored with %s", victim, columns).hasSize(1);
            assertThat(received.get(0).envelope())
                    .as("%s is a readable envelope", victim)
                    .isNotNull();
            assertThat(received.get(0).envelope().sequence()).isZero();
        });
        for (String unknown : List.of("PUB-COLUMNS-TYPE", "PUB-COLUMNS-NOT-A-CLASS")) {
            EventEnvelope envelope = events.of(unknown).get(0).envelope();
            assertThat(envelope.payload() == null || envelope.payload().isNull())
                    .as("%s without its payload", unknown)
                    .isTrue();
            assertThat(envelope.hash()).as("%s keeps its hash", unknown).isNotNull();
        }
        assertThat(events.of("PUB-COLUMNS-TYPE").get(0).envelope().type()).isEqualTo("ContractTeleported");
    }

    /** Drafts the contract and answers its first event's row as the event store holds it. */
    private Map<String, Object> draftedRow(ContractId id) {
        send(Party.CLIENT, draftContract(id));
        return jdbc.sql("SELECT * FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(id.value())
                .query()
                .singleRow();
    }

    /**
     * Stores a copy of {@code row} at sequence 0 of each contract named, with the columns given
     * for it replaced, under the event store's append lock (ADR 0007).
     */
    private void storeAsTheEventStoreWould(
            Map<String, Object> row, Map<String, Map<String, Object>> columnsByContract) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(" + SerialisedAppends.APPEND_LOCK + ")")
                    .query()
                    .singleRow();
            columnsByContract.forEach((contractId, columns) -> {
                Map<String, Object> stored = new java.util.HashMap<>(row);
                stored.putAll(columns);
                jdbc.sql("""
                                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                                    type, time_stamp, payload_type, payload_revision, payload, meta_data)
                                VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)""")
                        .params(
                                UUID.randomUUID().toString(),
                                contractId,
                                stored.get("type"),
                                stored.get("time_stamp"),
                                stored.get("payload_type"),
                                stored.get("payload_revision"),
                                stored.get("payload"),
                                stored.get("meta_data"))
                        .update();
            });
        });
    }

    /** Eight damaged forms of {@code whole}, none of them one JSON object. */
    private static List<byte[]> damaged(byte[] whole) {
        return DamagedPayloads.of(whole)
                .filter(bytes -> !DamagedPayloads.isOneJsonObject(bytes))
                .sampleStream()
                .limit(8)
                .toList();
    }

    private double unreadable(String part) {
        return metrics.counter("sla.publisher.unreadable.events", "part", part).count();
    }

    /**
     * The Axon gap trap. Transaction A takes global_index N and stays open. Transaction B takes N+1,
     * stays open past the gap timeout (2 s in tests) and commits. When the processor then reads N+1,
     * its timestamp is older than the gap timeout, so Axon stops tracking the gap at N, and A's event
     * would never be published. Event appends are serialised (ADR 0007): B only takes its index after
     * A committed, so both are published.
     */
    @Test
    void anEventWhoseTransactionCommitsAfterTheGapTimeoutIsStillPublished() {
        ContractId slow = ContractId.of("GAP-SLOW");
        ContractId overtaking = ContractId.of("GAP-OVERTAKING");
        CompletableFuture<Void> appended = new CompletableFuture<>();
        CompletableFuture<Void> first =
                CompletableFuture.runAsync(() -> inSlowTransaction(Duration.ofSeconds(4), () -> {
                    send(Party.CLIENT, draftContract(slow));
                    appended.complete(null);
                }));
        appended.join();
        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> inSlowTransaction(Duration.ofSeconds(3), () -> send(Party.CLIENT, draftContract(overtaking))));

        CompletableFuture.allOf(first, second).join();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> events.of(overtaking.value()).size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> events.of(slow.value()).size() == 1);
    }

    /** Runs {@code work} in a database transaction that then stays open for {@code hold}. */
    private void inSlowTransaction(Duration hold, Runnable work) {
        transactions.executeWithoutResult(status -> {
            work.run();
            // Deliberately keep the transaction open: the gap trap is about wall-clock time.
            await().pollDelay(hold).atMost(hold.plusSeconds(5)).until(() -> true);
        });
    }

    private String send(Party party, Object command) {
        String commandId = UUID.randomUUID().toString();
        Issuance issuance = new Issuance(
                commandId,
                new Actor(party, party == Party.CLIENT ? "it@acme.example" : "desk@hostco.example"),
                Instant.parse("2026-11-27T09:00:00Z"),
                null,
                null);
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(issuance.toMetaData()));
        return commandId;
    }
}
