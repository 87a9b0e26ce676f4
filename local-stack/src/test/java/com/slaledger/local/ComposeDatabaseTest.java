package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.migrate.ContractMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/postgres/init.sql, as init.sh runs it in the postgres image on a fresh cluster (with the
 * passwords of docker-compose.yml), then both services' migrations with the logins compose gives
 * them: every login can do what its service needs and no more.
 */
class ComposeDatabaseTest {

    private static final Pattern PSQL_VARIABLE = Pattern.compile("-v (\\w+)=\"\\$(\\w+)\"");
    private static EmbeddedPostgres postgres;
    /** The logins' passwords as docker-compose.yml gives them to the postgres service and the services. */
    private static Map<String, String> passwords;

    @BeforeAll
    static void initialiseAsThePostgresImageWould() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        // init.sh hands init.sql its passwords as psql variables from the postgres service's environment.
        Map<String, String> environment = ComposeFile.read().environment("postgres");
        Map<String, String> variables = new HashMap<>();
        Matcher flag = PSQL_VARIABLE.matcher(Files.readString(ComposeFile.ROOT.resolve("docker/postgres/init.sh")));
        while (flag.find()) {
            variables.put(flag.group(1), environment.get(flag.group(2)));
        }
        assertThat(variables).hasSize(3).doesNotContainValue(null);
        passwords = Map.of(
                "sla_contract", variables.get("contract_owner_password"),
                "sla_contract_app", variables.get("contract_app_password"),
                "sla_projection_app", variables.get("projection_app_password"));
        String database = "postgres";
        StringBuilder statement = new StringBuilder();
        for (String line : Files.readAllLines(ComposeFile.ROOT.resolve("docker/postgres/init.sql"))) {
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("\\connect ")) {
                database = line.substring("\\connect ".length()).trim();
                continue;
            }
            for (var variable : variables.entrySet()) {
                line = line.replace(":'" + variable.getKey() + "'", "'" + variable.getValue() + "'");
            }
            statement.append(line).append('\n');
            if (line.trim().endsWith(";")) {
                try (Connection connection = DriverManager.getConnection(url(database), "postgres", "postgres");
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

    @Test
    void theServicesLogInWithTheLoginsAndPasswordsInitSqlCreated() {
        ComposeFile compose = ComposeFile.read();
        Map<String, String> migrate = compose.environment("contract-migrate");
        assertThat(migrate.get("SLA_CONTRACT_DB_OWNER")).isEqualTo("sla_contract");
        assertThat(migrate.get("SLA_CONTRACT_DB_OWNER_PASSWORD")).isEqualTo(passwords.get("sla_contract"));
        assertThat(compose.service("contract-migrate").get("command")).isEqualTo(List.of("migrate"));
        Map<String, String> contract = compose.environment("contract-service");
        assertThat(contract)
                .as("the long-running service never holds the schema owner's password")
                .doesNotContainKeys("SLA_CONTRACT_DB_OWNER", "SLA_CONTRACT_DB_OWNER_PASSWORD")
                .doesNotContainValue(passwords.get("sla_contract"))
                .containsEntry("SLA_CONTRACT_MIGRATE", "false");
        assertThat(contract.get("SLA_CONTRACT_DB_USER")).isEqualTo("sla_contract_app");
        assertThat(contract.get("SLA_CONTRACT_DB_PASSWORD")).isEqualTo(passwords.get("sla_contract_app"));
        Map<String, String> projection = compose.environment("projection-service");
        assertThat(projection.get("SLA_PROJECTION_DB_USER")).isEqualTo("sla_projection_app");
        assertThat(projection.get("SLA_PROJECTION_DB_PASSWORD")).isEqualTo(passwords.get("sla_projection_app"));
    }

    /** No development defaults: compose refuses to start without each secret (docker compose config says so). */
    @Test
    void composeHasNoDefaultSecretsAndPublishesTheDatabaseOnLoopbackOnly() {
        ComposeFile compose = ComposeFile.read();
        for (String secret : List.of(
                "SLA_POSTGRES_PASSWORD",
                "SLA_PG_CONTRACT_OWNER_PASSWORD",
                "SLA_PG_CONTRACT_APP_PASSWORD",
                "SLA_PG_PROJECTION_APP_PASSWORD",
                "SLA_KAFKA_ADMIN_PASSWORD",
                "SLA_KAFKA_CONTRACT_PASSWORD",
                "SLA_KAFKA_PROJECTION_PASSWORD",
                "SLA_KAFKA_INTEGRATION_PASSWORD",
                "SLA_JWT_SECRET",
                "SLA_SIGNING_KEY_FILE")) {
            assertThat(compose.requires(secret)).as(secret + " is required").isTrue();
        }
        assertThat(compose.service("postgres").get("ports"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement()
                .asString()
                .startsWith("127.0.0.1:");
        assertThat(compose.environment("projection-service"))
                .containsEntry("SLA_SIGNING_KEY", "/run/secrets/sla_signing_key");
    }

    /** init.sh's rule, applied to a cluster: the superuser cannot log in over TCP, the services' logins can. */
    @Test
    void theSuperuserCannotLogInOverTcp() throws Exception {
        Matcher rule = Pattern.compile("sed -i \"1i (host [^\"]+)\" \"\\$PGDATA/pg_hba.conf\"")
                .matcher(Files.readString(ComposeFile.ROOT.resolve("docker/postgres/init.sh")));
        assertThat(rule.find())
                .as("init.sh puts a rule at the top of pg_hba.conf")
                .isTrue();
        Path data = Files.createTempDirectory("sla-hba");
        try (EmbeddedPostgres cluster = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .start()) {
            String url = "jdbc:postgresql://localhost:" + cluster.getPort() + "/postgres";
            try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement sql = admin.createStatement()) {
                sql.execute("CREATE ROLE sla_contract LOGIN PASSWORD 'owner'");
                Path hba = data.resolve("pg_hba.conf");
                Files.writeString(
                        hba, rule.group(1).replace("${POSTGRES_USER}", "postgres") + "\n" + Files.readString(hba));
                sql.execute("SELECT pg_reload_conf()");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres")
                            .close())
                    .hasMessageContaining("pg_hba.conf rejects connection");
            DriverManager.getConnection(url, "sla_contract", "owner").close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** The one-shot migrate run of docker-compose.yml, with its environment, then the app login's limits. */
    @Test
    void contractServiceMigratesAsOwnerAndRunsAsARoleThatCanOnlyAppend() throws SQLException {
        Map<String, String> migrate = ComposeFile.read().environment("contract-migrate");
        List<String> args = new ArrayList<>();
        migrate.forEach((name, value) -> args.add("--" + name + "="
                + value.replace(
                        "jdbc:postgresql://postgres:5432/",
                        "jdbc:postgresql://localhost:" + postgres.getPort() + "/")));
        ContractMigrations.run(args.toArray(String[]::new));

        try (Connection app = connect("sla_contract", "sla_contract_app");
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
        assertThatThrownBy(() -> connect("sla_contract", "sla_projection_app"))
                .as("projection-service cannot reach the event store")
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void projectionServiceOwnsOnlyTheSchemasItCreates() throws SQLException {
        Flyway.configure()
                .dataSource(url("sla_projection"), "sla_projection_app", passwords.get("sla_projection_app"))
                .schemas("projection")
                .defaultSchema("projection")
                .locations("classpath:db/projection")
                .load()
                .migrate();

        try (Connection app = connect("sla_projection", "sla_projection_app");
                Statement sql = app.createStatement()) {
            // What a rebuild does (RebuildJob): rows staged in temporary tables
            // (StagedRows), a fresh schema swapped in by renames.
            sql.execute("CREATE TEMPORARY TABLE breach_staged (LIKE projection.breach INCLUDING DEFAULTS)");
            sql.execute("CREATE SCHEMA projection_rebuild");
            sql.execute("ALTER SCHEMA projection RENAME TO projection_old");
            sql.execute("ALTER SCHEMA projection_rebuild RENAME TO projection");
            sql.execute("DROP SCHEMA projection_old CASCADE");
            assertThatThrownBy(() -> sql.execute("CREATE TABLE public.extra (id int)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("DROP DATABASE sla_projection"))
                    .hasMessageContaining("must be owner");
        }
        assertThatThrownBy(() -> connect("sla_projection", "sla_contract_app"))
                .hasMessageContaining("permission denied for database");
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    private static Connection connect(String database, String login) throws SQLException {
        return DriverManager.getConnection(url(database), login, passwords.get(login));
    }
}
