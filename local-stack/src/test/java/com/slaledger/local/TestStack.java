package com.slaledger.local;

import com.slaledger.testsupport.KafkaServer;
import com.slaledger.testsupport.PostgresServer;
import com.slaledger.testsupport.TestTokens;
import java.util.Map;

/**
 * Both services as ./run-local starts them, each on a throw-away database of its own and the test
 * broker, with the test token secret; closed in reverse order.
 */
record TestStack(
        PostgresServer.Database contractDb,
        PostgresServer.Database projectionDb,
        Services services,
        CommandClient commands,
        String projectionUrl,
        String contractUrl)
        implements AutoCloseable {

    static TestStack start(String name) {
        PostgresServer.Database contractDb = PostgresServer.get().createDatabase(name + "_contract");
        PostgresServer.Database projectionDb = PostgresServer.get().createDatabase(name + "_projection");
        Services services = Services.start(new Services.Settings(
                contractDb.jdbcUrl(),
                projectionDb.jdbcUrl(),
                PostgresServer.get().username(),
                PostgresServer.get().password(),
                KafkaServer.bootstrapServers(),
                0,
                0,
                Map.of(
                        "spring.main.banner-mode",
                        "off",
                        "logging.level.org.apache.kafka",
                        "WARN",
                        "sla.jwt.secret",
                        TestTokens.SECRET),
                Map.of(),
                Map.of()));
        return new TestStack(
                contractDb,
                projectionDb,
                services,
                new CommandClient(KafkaServer.bootstrapServers(), TestTokens.withRoles("INTEGRATION")),
                "http://localhost:" + services.projection().getEnvironment().getProperty("local.server.port"),
                "http://localhost:" + services.contract().getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        commands.close();
        services.close();
        contractDb.close();
        projectionDb.close();
    }
}
