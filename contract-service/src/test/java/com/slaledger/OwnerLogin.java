package com.slaledger;

import com.slaledger.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The event store's database as its owner, who may do what the service's login may not: add a
 * trigger, try to change an event. Tests use it to arrange a fault or to check a refusal.
 */
public final class OwnerLogin {

    private OwnerLogin() {}

    public static JdbcClient jdbc(DataSource servicesDataSource) throws SQLException {
        try (Connection connection = servicesDataSource.getConnection()) {
            return JdbcClient.create(new DriverManagerDataSource(
                    connection.getMetaData().getURL(),
                    PostgresServer.get().username(),
                    PostgresServer.get().password()));
        }
    }
}
