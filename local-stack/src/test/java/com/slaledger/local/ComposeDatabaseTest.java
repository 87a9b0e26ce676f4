package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/postgres/init.sql, as the postgres image runs it on a fresh cluster, then both services'
 * migrations with the logins docker-compose.yml gives them: every login can do what its service
 * needs and no more.
 */
class ComposeDatabaseTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void initialiseAsThePostgresImageWould() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String database = "postgres";
        StringBuilder statement = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve("docker/postgres/init.sql"))) {
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("\\connect ")) {
                database = line.substring("\\connect ".length()).trim();
                continue;
            }
            statement.append(line).append('\n');
            if (line.trim().endsWith(";")) {
                try (Connection connection = connect(database, "postgres", "postgres");
                        Statement sql = connection.createStatement()) {
                    sql.execute(statement.toString());
                }
                statement.setLength(0);
            }
        }
        assertThat(statement.toString())
                .as("init.sql ends with a complete statement")
                .isBlank();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void contractServiceMigratesAsOwnerAndRunsAsARoleThatCanOnlyAppend() throws SQLException {
        Flyway.configure()
                .dataSource(url("sla_contract"), "sla_contract", "sla_contract")
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", "sla_contract_app"))
                .load()
                .migrate();

        try (Connection app = connect("sla_contract", "sla_contract_app", "sla_contract_app");
                Statement sql = app.createStatement()) {
            sql.executeUpdate("INSERT INTO processed_command (command_id, contract_id, type, result, processed_at) "
                    + "VALUES ('init-sql', 'C-1', 'T', '{}', now())");
            assertThat(sql.executeQuery("SELECT count(*) FROM domain_event_entry")
                            .next())
                    .isTrue();
            assertThatThrownBy(() -> sql.executeUpdate("UPDATE domain_event_entry SET type = 'x'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("CREATE TABLE public.extra (id int)"))
                    .hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> connect("sla_contract", "sla_projection_app", "sla_projection_app"))
                .as("projection-service cannot reach the event store")
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void projectionServiceOwnsOnlyTheSchemasItCreates() throws SQLException {
        Flyway.configure()
                .dataSource(url("sla_projection"), "sla_projection_app", "sla_projection_app")
                .schemas("projection")
                .defaultSchema("projection")
                .locations("classpath:db/projection")
                .load()
                .migrate();

        try (Connection app = connect("sla_projection", "sla_projection_app", "sla_projection_app");
                Statement sql = app.createStatement()) {
            // What a rebuild does (RebuildJob): a fresh schema, swapped in by renames.
            sql.execute("CREATE SCHEMA projection_rebuild");
            sql.execute("ALTER SCHEMA projection RENAME TO projection_old");
            sql.execute("ALTER SCHEMA projection_rebuild RENAME TO projection");
            sql.execute("DROP SCHEMA projection_old CASCADE");
            assertThatThrownBy(() -> sql.execute("CREATE TABLE public.extra (id int)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("DROP DATABASE sla_projection"))
                    .hasMessageContaining("must be owner");
        }
        assertThatThrownBy(() -> connect("sla_projection", "sla_contract_app", "sla_contract_app"))
                .hasMessageContaining("permission denied for database");
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }
}
