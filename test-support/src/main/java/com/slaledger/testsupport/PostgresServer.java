package com.slaledger.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL 15 server per test JVM: a Testcontainers container where Docker answers,
 * zonky's embedded PostgreSQL (real binaries from a Maven jar) where it does not. Either way each
 * Spring context gets its own database, created on demand and dropped when the context closes.
 */
public final class PostgresServer {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile PostgresServer instance;

    private final String baseUrl;
    private final String username;
    private final String password;

    private PostgresServer(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl;
        this.username = username;
        this.password = password;
    }

    public static PostgresServer get() {
        if (instance == null) {
            synchronized (PostgresServer.class) {
                if (instance == null) {
                    instance = start();
                    instance.createServiceRoles();
                }
            }
        }
        return instance;
    }

    private static PostgresServer start() {
        if (Docker.isAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            log.info("PostgreSQL for tests: Testcontainers at {}", container.getJdbcUrl());
            String url = container.getJdbcUrl();
            return new PostgresServer(
                    url.substring(0, url.lastIndexOf('/') + 1), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            // After Spring's hook has closed the test contexts, as the broker (KafkaServer).
            SpringApplication.getShutdownHandlers().add(() -> closeQuietly(postgres));
            log.info("PostgreSQL for tests: embedded (no Docker engine) on port {}", postgres.getPort());
            return new PostgresServer(
                    "jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /**
     * The least-privileged login contract-service's migrations grant to (V5__service_role_grants):
     * created once per server; contract-service's tests log in as it.
     */
    public static final String CONTRACT_APP_ROLE = "sla_contract_app";

    /**
     * projection-service's login: not the owner of its database, only allowed to connect and create
     * schemas in it (a rebuild creates, renames and drops its own); projection-service's tests log
     * in as it.
     */
    public static final String PROJECTION_APP_ROLE = "sla_projection_app";

    private void createServiceRoles() {
        for (String role : new String[] {CONTRACT_APP_ROLE, PROJECTION_APP_ROLE}) {
            execute(
                    "postgres",
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE "
                            + role + " LOGIN PASSWORD '" + role + "'; END IF; END $$");
        }
    }

    /** Creates a fresh, empty database and returns it. */
    public Database createDatabase(String prefix) {
        String name = prefix.replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name);
        return new Database(this, name);
    }

    void drop(String name) {
        execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public String jdbcUrl(String database) {
        return baseUrl + database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), username, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run: " + sql, e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /** A database of its own for one test context. */
    public record Database(PostgresServer server, String name) implements AutoCloseable {

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        /** Lets {@code role} connect and create schemas here, which it then owns; nothing more. */
        public void allowSchemasFor(String role) {
            server.execute(name, "GRANT CONNECT, CREATE ON DATABASE " + name + " TO " + role);
        }

        @Override
        public void close() {
            server.drop(name);
        }
    }
}
