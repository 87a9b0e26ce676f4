package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.EventsTopic;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * A rebuild never makes the read models forget events silently (ADR 0040). Each case has a topic and
 * a schema of its own, standing for contract.events and the live read models: it is rebuilt once
 * whole, then loses its first records as a retention would delete them, at a generated offset. The
 * rebuild after that fails naming exactly the contracts that lost events, and swaps nothing in;
 * started to accept fewer events, it replaces them. The live consumer goes on after both.
 */
@ProjectionServiceTest
class RebuildForgetsNothingTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaAdmin kafkaAdmin;

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

    @LocalServerPort
    int port;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    RebuildJob serviceRebuild;

    @Test
    void aRebuildFromATopicThatLostRecordsSwapsNothingInAndNamesTheContractsUnlessAskedTo() throws Exception {
        int records =
                contracts("forgets").values().stream().mapToInt(List::size).sum();
        List<Integer> trims = Arbitraries.integers()
                .between(1, records - 1)
                .sampleStream()
                .distinct()
                .limit(2)
                .toList();
        for (int i = 0; i < trims.size(); i++) {
            lostRecordsBefore(trims.get(i), "forgets_" + i);
        }
        // Each rebuild stopped the live consumer and started it again.
        events.publishAndAwait(Story.contract("forgets-after").envelopes());
    }

    /** The setting is read by its name: a value it cannot be is refused, as any query parameter is. */
    @Test
    void aRebuildAskedToAcceptFewerEventsByAValueThatIsNoYesOrNoIsRefused() {
        RebuildJob.RebuildStatus before = serviceRebuild.status();
        HttpResponse<String> refused = RawHttp.send(
                "http://localhost:" + port + "/api/admin/rebuild?acceptFewerEvents=perhaps",
                "POST",
                TestTokens.withRoles("ADMIN"),
                new byte[0],
                false);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("INVALID").contains("acceptFewerEvents");
        assertThat(serviceRebuild.status()).as("no rebuild started").isEqualTo(before);
    }

    /** Three contracts' events, in the order they go to the topic's one partition. */
    private static Map<String, List<EventEnvelope>> contracts(String name) {
        Map<String, List<EventEnvelope>> contracts = new LinkedHashMap<>();
        contracts.put(
                name + "-A", Story.toTwoPointZero(name + "-A", "acme", "hostco").envelopes());
        contracts.put(name + "-B", Story.contract(name + "-B").envelopes());
        contracts.put(
                name + "-C",
                Story.contract(name + "-C")
                        .agreedClause(Story.AVAILABILITY, "5")
                        .signed()
                        .envelopes());
        return contracts;
    }

    private void lostRecordsBefore(int trim, String name) throws Exception {
        String topic = name + ".events";
        Map<String, List<EventEnvelope>> contracts = contracts(name);
        List<String> lost = new ArrayList<>();
        int offset = 0;
        for (Map.Entry<String, List<EventEnvelope>> contract : contracts.entrySet()) {
            if (offset < trim) {
                lost.add(contract.getKey());
            }
            offset += contract.getValue().size();
        }
        RebuildJob job = new RebuildJob(dataSource, kafkaAdmin, live, ownTopicAndSchema(topic, name), views, clock);
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            RebuildJob.migrate(dataSource, name); // the live read models of this case: empty
            contracts
                    .values()
                    .forEach(envelopes -> envelopes.forEach(envelope -> events.kafka()
                            .send(topic, envelope.contractId(), SlaJson.mapper().writeValueAsBytes(envelope))));
            events.kafka().flush();
            assertThat(rebuild(job, false).state())
                    .as("the first rebuild, whole")
                    .isEqualTo(RebuildJob.State.DONE);
            Map<String, String> before = new LinkedHashMap<>();
            contracts.keySet().forEach(id -> before.put(id, storedView(name, id)));
            assertThat(before.values()).doesNotContainNull();

            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(trim)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            RebuildJob.RebuildStatus refused = rebuild(job, false);

            assertThat(refused.state())
                    .as("records before offset %d lost", trim)
                    .isEqualTo(RebuildJob.State.FAILED);
            assertThat(refused.error())
                    .contains("nothing was swapped", lost.size() + " contract(s) would know fewer events")
                    .contains("acceptFewerEvents=true");
            for (String id : contracts.keySet()) {
                if (lost.contains(id)) {
                    assertThat(refused.error()).contains(id + " (live up to sequence");
                } else {
                    assertThat(refused.error()).doesNotContain(id);
                }
                assertThat(storedView(name, id))
                        .as("the live read models stay: %s", id)
                        .isEqualTo(before.get(id));
            }

            assertThat(rebuild(job, true).state())
                    .as("started to accept fewer events")
                    .isEqualTo(RebuildJob.State.DONE);
            for (String id : contracts.keySet()) {
                if (lost.contains(id)) {
                    assertThat(storedView(name, id)).as("replaced: %s", id).isNull();
                } else {
                    assertThat(storedView(name, id)).as("kept: %s", id).isEqualTo(before.get(id));
                }
            }
        } finally {
            for (String schema : List.of(name, name + "_rebuild", name + "_old")) {
                jdbc.sql("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE").update();
            }
            try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A rebuild, returning once the live consumer it stopped and started again has its partitions:
     * a consumer stopped while it still joins its group holds the next join up for the group's
     * session timeout (45 s).
     */
    private RebuildJob.RebuildStatus rebuild(RebuildJob job, boolean acceptFewerEvents) {
        RebuildJob.RebuildStatus status = job.runNow(acceptFewerEvents);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> listeners.getListenerContainers().stream()
                        .allMatch(
                                container -> !container.getAssignedPartitions().isEmpty()));
        return status;
    }

    private IngestProperties ownTopicAndSchema(String topic, String schema) {
        return new IngestProperties(
                topic,
                properties.groupId(),
                properties.concurrency(),
                schema,
                properties.rebuildWriters(),
                properties.rebuildBatch(),
                properties.rebuildBatchBytes(),
                properties.fetchWait());
    }

    /** The contract's stored view in {@code schema}, or null without one. */
    private String storedView(String schema, String contractId) {
        return jdbc.sql("SELECT view FROM \"" + schema + "\".contract_view WHERE contract_id = ?")
                .param(contractId)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
