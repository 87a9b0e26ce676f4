package com.slaledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.json.SlaJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The staleness check runs before every batch, so what it costs must not grow with a contract's
 * length: it used to read every index entry of each contract (P5's long contract paid 11 ms a
 * command, ADR 0009).
 */
@ContractServiceTest
class CachedContractsTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theLastSequenceOfAContractIsOneIndexEntryHoweverLongTheContract() {
        String id = "CACHED-LONG-1";
        eventStore.publish(IntStream.range(0, 300)
                .<DomainEventMessage<?>>mapToObj(i -> new GenericDomainEventMessage<>("Contract", id, i, "event " + i))
                .toList());

        String[] ids = {id, "CACHED-NONE"};
        JsonNode plan = SlaJson.mapper()
                .readTree(jdbc.sql("EXPLAIN (ANALYZE, FORMAT JSON) " + CachedContracts.LAST_SEQUENCES)
                        .param(ids)
                        .query(String.class)
                        .single());
        List<JsonNode> scans = new ArrayList<>();
        scansOfTheEventLog(plan, scans);
        double read = 0;
        for (JsonNode scan : scans) {
            read += (scan.path("Actual Rows").asDouble()
                            + scan.path("Rows Removed by Filter").asDouble())
                    * scan.path("Actual Loops").asDouble();
        }

        assertThat(scans).as("the plan reads the event log").isNotEmpty();
        assertThat(read).as("event log entries read for two contracts").isLessThanOrEqualTo(2.0);
        assertThat(jdbc.sql(CachedContracts.LAST_SEQUENCES)
                        .param(ids)
                        .query((rs, row) -> rs.getString(1) + "=" + rs.getObject(2))
                        .list())
                .containsExactlyInAnyOrder(id + "=299", "CACHED-NONE=null");
    }

    private static void scansOfTheEventLog(JsonNode node, List<JsonNode> found) {
        if (node.isObject() && node.path("Relation Name").asString("").equals("domain_event_entry")) {
            found.add(node);
        }
        for (JsonNode child : node) {
            if (child.isContainer()) {
                scansOfTheEventLog(child, found);
            }
        }
    }
}
