package com.slaledger.contract;

import static com.slaledger.contract.ContractScenario.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.ContractId;
import com.slaledger.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service's own login may read and append events, and nothing more on the event store. */
@ContractServiceTest
class ServiceRoleTest {

    @Autowired
    CommandGateway commands;

    @Autowired
    DataSource dataSource;

    @Test
    void theServiceRoleMayAppendAndReadEventsButNeverChangeThem() throws SQLException {
        aContract(ContractId.of("ROLE-1")).withAgreedClause().commands().forEach(commands::sendAndWait);
        String url;
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getUserName())
                    .as("the service itself runs as the role")
                    .isEqualTo(PostgresServer.CONTRACT_APP_ROLE);
            url = connection.getMetaData().getURL();
        }
        try (Connection app = DriverManager.getConnection(
                        url, PostgresServer.CONTRACT_APP_ROLE, PostgresServer.CONTRACT_APP_ROLE);
                Statement statement = app.createStatement()) {
            var rows = statement.executeQuery(
                    "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'ROLE-1'");
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(2);
            assertThat(statement.executeUpdate(
                            "INSERT INTO processed_command (command_id, contract_id, type, result, processed_at) "
                                    + "VALUES ('role-test', 'ROLE-1', 'T', '{}', now())"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> statement.execute(
                            "ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_append_only"))
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> statement.executeUpdate(
                            "DELETE FROM domain_event_entry WHERE aggregate_identifier = 'ROLE-1'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate(
                            "UPDATE domain_event_entry SET type = 'x' WHERE aggregate_identifier = 'ROLE-1'"))
                    .hasMessageContaining("permission denied");
            assertThat(statement.executeUpdate("INSERT INTO service_key (name, secret) VALUES ('role-test', '\\x00')"))
                    .as("the service makes its own keys (ADR 0022)")
                    .isEqualTo(1);
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE service_key SET secret = '\\x01'"))
                    .as("but never replaces one")
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM service_key"))
                    .hasMessageContaining("permission denied");
        }
    }
}
