package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.testsupport.PostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * projection-service runs, migrates and rebuilds (RebuildTest) as a login that owns its schemas
 * and nothing more: not the database's owner, no superuser.
 */
@ProjectionServiceTest
class DatabaseLoginTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theServiceLogsInAsARoleThatOwnsOnlyItsSchemas() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single())
                .isEqualTo(PostgresServer.PROJECTION_APP_ROLE);
        assertThat(jdbc.sql(
                                "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
                        .query(Boolean.class)
                        .single())
                .isFalse();
        assertThat(jdbc.sql("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'projection'")
                        .query(String.class)
                        .single())
                .isEqualTo(PostgresServer.PROJECTION_APP_ROLE);
        String database =
                jdbc.sql("SELECT current_database()").query(String.class).single();
        assertThatThrownBy(() -> jdbc.sql("DROP DATABASE " + database).update())
                .rootCause()
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("CREATE TABLE public.extra (id int)").update())
                .rootCause()
                .hasMessageContaining("permission denied");
    }
}
