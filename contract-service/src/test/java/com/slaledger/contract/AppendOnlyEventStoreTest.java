package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.ContractServiceTest;
import com.slaledger.OwnerLogin;
import com.slaledger.api.ContractId;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.eventstore.StoredChain;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/** The event store refuses changes; where a test forces one anyway, the chain names the event. */
@ContractServiceTest
class AppendOnlyEventStoreTest {

    @Autowired
    CommandGateway commands;

    /**
     * As the owner of the event store, who has every table privilege: the trigger must stop even
     * them (the service's own login may not even try, see ServiceRoleTest).
     */
    JdbcClient jdbc;

    @Autowired
    StoredChain chain;

    @LocalServerPort
    int port;

    @Autowired
    void connectAsOwner(DataSource dataSource) throws SQLException {
        jdbc = OwnerLogin.jdbc(dataSource);
    }

    private void story(ContractId id) {
        aContract(id)
                .withAgreedClause()
                .withOpenClause(RESPONSE_TIME)
                .signed()
                .withBreach("b-1", AVAILABILITY, "2026-12-03T02:00:00Z")
                .commands()
                .forEach(commands::sendAndWait);
    }

    /** Deliberately lifts the append-only trigger for one tampering statement. */
    private void tamper(String sql) {
        jdbc.sql("ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_append_only")
                .update();
        try {
            jdbc.sql(sql).update();
        } finally {
            jdbc.sql("ALTER TABLE domain_event_entry ENABLE TRIGGER domain_event_entry_append_only")
                    .update();
        }
    }

    @Test
    void updatesDeletesAndTruncatesAreRefused() {
        ContractId id = ContractId.of("AO-1");
        story(id);
        assertThatThrownBy(
                        () -> jdbc.sql("UPDATE domain_event_entry SET type = 'x' WHERE aggregate_identifier = 'AO-1'")
                                .update())
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'AO-1'")
                        .update())
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE domain_event_entry").update())
                .rootCause()
                .hasMessageContaining("append-only");
        assertThat(chain.verify("AO-1").valid()).isTrue();
    }

    @Test
    void oneAlteredPayloadByteIsNamed() {
        story(ContractId.of("AO-2"));
        tamper(
                "UPDATE domain_event_entry SET payload = overlay(payload placing '9'::bytea from position('99.8'::bytea in payload) + 3 for 1) "
                        + "WHERE aggregate_identifier = 'AO-2' AND sequence_number = 1");
        ChainVerification result = chain.verify("AO-2");
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(1);
    }

    @Test
    void anAlteredHashInTheMetadataIsNamed() {
        story(ContractId.of("AO-3"));
        tamper(
                "UPDATE domain_event_entry SET meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'), '\"hash\":\"', '\"hash\":\"0'), 'UTF8') "
                        + "WHERE aggregate_identifier = 'AO-3' AND sequence_number = 4");
        ChainVerification result = chain.verify("AO-3");
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(4);
    }

    @Test
    void aPayloadThatIsNoLongerJsonIsNamedAndTheContractStillAnswers() {
        story(ContractId.of("AO-7"));
        tamper("UPDATE domain_event_entry SET payload = overlay(payload placing '\\xff'::bytea from 1 for 1) "
                + "WHERE aggregate_identifier = 'AO-7' AND sequence_number = 2");
        ChainVerification result = chain.verify("AO-7");
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(2);
        assertThat(result.reason()).contains("cannot be read");

        story(ContractId.of("AO-8"));
        tamper("UPDATE domain_event_entry SET payload = substring(payload from 1 for 20) "
                + "WHERE aggregate_identifier = 'AO-8' AND sequence_number = 0");
        assertThat(chain.verify("AO-8").brokenAtSequence()).isZero();
        assertThat(http().get()
                        .uri("/api/contracts/AO-8/history/verify")
                        .retrieve()
                        .body(String.class))
                .contains("\"valid\":false", "\"brokenAtSequence\":0", "cannot be read");
    }

    /** Axon parses every row's time while reading the store: one that is not an instant is refused. */
    @Test
    void aTimeThatIsNotAnInstantIsRefused() {
        story(ContractId.of("AO-9"));
        for (String time :
                List.of("yesterday", "2027-13-01T00:00:00Z", "2027-01-01 00:00:00", "", "2027-01-01T00:00Z")) {
            assertThatThrownBy(() -> jdbc.sql("""
                                    INSERT INTO domain_event_entry (event_identifier, aggregate_identifier,
                                        sequence_number, type, time_stamp, payload_type, payload_revision, payload,
                                        meta_data)
                                    SELECT event_identifier || '-copy', 'AO-9-COPY', sequence_number, type, ?,
                                        payload_type, payload_revision, payload, meta_data
                                    FROM domain_event_entry WHERE aggregate_identifier = 'AO-9' AND sequence_number = 0""").param(time).update())
                    .as("time %s", time)
                    .rootCause()
                    .hasMessageContaining("domain_event_entry_time_stamp_is_an_instant");
        }
        String stored = jdbc.sql(
                        "SELECT time_stamp FROM domain_event_entry WHERE aggregate_identifier = 'AO-9' LIMIT 1")
                .query(String.class)
                .single();
        assertThat(java.time.Instant.parse(stored))
                .as("what the service writes passes")
                .isNotNull();
    }

    @Test
    void reorderedAndDeletedEventsAreDetected() {
        story(ContractId.of("AO-4"));
        tamper(
                "UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = 'AO-4' AND sequence_number = 2");
        tamper(
                "UPDATE domain_event_entry SET sequence_number = 2 WHERE aggregate_identifier = 'AO-4' AND sequence_number = 3");
        tamper(
                "UPDATE domain_event_entry SET sequence_number = 3 WHERE aggregate_identifier = 'AO-4' AND sequence_number = -1");
        assertThat(chain.verify("AO-4").brokenAtSequence()).isEqualTo(2);

        story(ContractId.of("AO-5"));
        tamper("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'AO-5' AND sequence_number = 3");
        assertThat(chain.verify("AO-5").brokenAtSequence()).isEqualTo(3);
    }

    @Test
    void contractServiceAnswersTheSameCheckOverHttp() {
        story(ContractId.of("AO-6"));
        RestClient http = http();
        String body =
                http.get().uri("/api/contracts/AO-6/history/verify").retrieve().body(String.class);
        assertThat(body).contains("\"valid\":true", "\"eventsChecked\":7");
        assertThat(http.get()
                        .uri("/api/contracts/AO-NONE/history/verify")
                        .retrieve()
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    private RestClient http() {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + com.slaledger.testsupport.TestTokens.withRoles("AUDITOR"))
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }
}
