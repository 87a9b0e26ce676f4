package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.projection.ProjectionServiceTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The lines reach the server a buffer at a time: rows far larger than a buffer, and many rows
 * whose lines cross buffer boundaries anywhere, arrive as they were; a row the server refuses
 * after buffers have gone fails the copy with the server's own error, and the next copy goes
 * through.
 */
@ProjectionServiceTest
class CopyRowsDatabaseTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rowsLargerThanABufferAndRowsAcrossItsBoundariesArriveWhole() {
        jdbc.execute("DROP TABLE IF EXISTS copy_rows_test");
        jdbc.execute("CREATE TABLE copy_rows_test (n BIGINT PRIMARY KEY, text_value TEXT, utf8_value TEXT)");
        try {
            List<Object[]> rows = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 400; n++) {
                String text = ("r\u00e9gle\t" + n + "\\\n").repeat(n == 7 ? 40_000 : 1 + n % 50);
                String utf8 = "{\"n\":" + n + ",\"h\":\"" + "\u2264\r".repeat(n % 300) + "\"}";
                rows.add(new Object[] {(long) n, text, utf8.getBytes(StandardCharsets.UTF_8)});
                expected.add(n + "|" + text + "|" + utf8);
            }

            assertThat(CopyRows.copy(jdbc, "copy_rows_test (n, text_value, utf8_value)", rows))
                    .isEqualTo(400);

            assertThat(jdbc.queryForList(
                            "SELECT n || '|' || text_value || '|' || utf8_value FROM copy_rows_test ORDER BY n",
                            String.class))
                    .isEqualTo(expected);
            assertThat(jdbc.queryForObject("SELECT length(text_value) FROM copy_rows_test WHERE n = 7", Long.class))
                    .as("a value of several buffers")
                    .isGreaterThan(4L * 64 * 1024 / 2);
        } finally {
            jdbc.execute("DROP TABLE copy_rows_test");
        }
    }

    @Test
    void aRowTheDatabaseRefusesFailsTheCopyWithItsOwnErrorAndTheNextCopyGoesThrough() {
        jdbc.execute("DROP TABLE IF EXISTS copy_rows_refused");
        jdbc.execute("CREATE TABLE copy_rows_refused (n BIGINT PRIMARY KEY, text_value TEXT NOT NULL)");
        try {
            List<Object[]> refused = new ArrayList<>();
            for (int n = 0; n < 5_000; n++) {
                refused.add(new Object[] {(long) n, n == 4_000 ? null : "row " + n + " ".repeat(50)});
            }

            assertThatThrownBy(() -> CopyRows.copy(jdbc, "copy_rows_refused (n, text_value)", refused))
                    .as("the refusal itself, not a failed cancel of the copy")
                    .hasRootCauseInstanceOf(PSQLException.class)
                    .rootCause()
                    .satisfies(
                            e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("23502"));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM copy_rows_refused", Long.class))
                    .isZero();

            assertThat(CopyRows.copy(
                            jdbc,
                            "copy_rows_refused (n, text_value)",
                            List.<Object[]>of(new Object[] {1L, "after"}, new Object[] {2L, "the refusal"})))
                    .isEqualTo(2);
            assertThat(jdbc.queryForList("SELECT text_value FROM copy_rows_refused ORDER BY n", String.class))
                    .containsExactly("after", "the refusal");
        } finally {
            jdbc.execute("DROP TABLE copy_rows_refused");
        }
    }
}
