package com.slaledger.testsupport;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A service started as an operator starts it, with one variable out of its range: its settings come
 * from the service's yml, which reads the variables given here as the environment would give them,
 * on a throw-away database and a broker nobody answers at (the start must stop before it needs one).
 */
public final class FailedStart {

    private FailedStart() {}

    /**
     * Starts {@code application} (configuration {@code configName}; {@code service} is {@code
     * CONTRACT} or {@code PROJECTION}, as its variables are named) with {@code variable} set to
     * {@code value}: what stopped the start. A start that does not stop fails the test.
     */
    public static Throwable withVariable(
            Class<?> application, String configName, String service, String variable, String value) {
        try (PostgresServer.Database database = PostgresServer.get().createDatabase("settings")) {
            PostgresServer server = database.server();
            SpringApplicationBuilder start = new SpringApplicationBuilder(application)
                    .properties(
                            configName,
                            TestTokens.PROPERTY,
                            "SLA_" + service + "_DB_URL=" + database.jdbcUrl(),
                            "SLA_" + service + "_DB_USER=" + server.username(),
                            "SLA_" + service + "_DB_PASSWORD=" + server.password(),
                            "SLA_" + service + "_PORT=0",
                            "SLA_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1",
                            variable + "=" + value);

            try {
                start.run().close();
            } catch (RuntimeException stopped) {
                return stopped;
            }
            throw new AssertionError("the service started with " + variable + "=" + value);
        }
    }
}
