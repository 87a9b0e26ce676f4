package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.InputLimits;
import com.slaledger.projection.ProjectionServiceTest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.util.PSQLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The lines (or tuples) reach the server a buffer at a time, in both formats: rows far larger than
 * a buffer, and many rows whose lines cross buffer boundaries anywhere, arrive as they were; a row
 * the server refuses after buffers have gone fails the copy with the server's own error, and the
 * next copy goes through.
 */
@ProjectionServiceTest
class CopyRowsDatabaseTest {

    @Autowired
    JdbcTemplate jdbc;

    /** The two formats of {@link CopyRows}, as the tests call them. */
    enum Format {
        TEXT,
        BINARY;

        long copy(JdbcTemplate jdbc, String target, List<Object[]> rows) {
            return this == TEXT ? CopyRows.copy(jdbc, target, rows) : CopyRows.copyBinary(jdbc, target, rows);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void rowsLargerThanABufferAndRowsAcrossItsBoundariesArriveWhole(Format format) {
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

            assertThat(format.copy(jdbc, "copy_rows_test (n, text_value, utf8_value)", rows))
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

    @ParameterizedTest
    @EnumSource(Format.class)
    void aRowTheDatabaseRefusesFailsTheCopyWithItsOwnErrorAndTheNextCopyGoesThrough(Format format) {
        jdbc.execute("DROP TABLE IF EXISTS copy_rows_refused");
        jdbc.execute("CREATE TABLE copy_rows_refused (n BIGINT PRIMARY KEY, text_value TEXT NOT NULL)");
        try {
            List<Object[]> refused = new ArrayList<>();
            for (int n = 0; n < 5_000; n++) {
                refused.add(new Object[] {(long) n, n == 4_000 ? null : "row " + n + " ".repeat(50)});
            }

            assertThatThrownBy(() -> format.copy(jdbc, "copy_rows_refused (n, text_value)", refused))
                    .as("the refusal itself, not a failed cancel of the copy")
                    .hasRootCauseInstanceOf(PSQLException.class)
                    .rootCause()
                    .satisfies(
                            e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("23502"));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM copy_rows_refused", Long.class))
                    .isZero();

            assertThat(format.copy(
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

    /**
     * Every type the binary format writes is stored as the driver's insert of the same value stores
     * it (the live writer's way): generated numbers of both widths and signs, text with the
     * characters the text format escapes and beyond the BMP, nulls, instants at any nanosecond and
     * dates of the published language's range, on both sides of 2000, where PostgreSQL counts from.
     */
    @Test
    void binaryRowsOfEveryTypeAreStoredAsTheDriversInsertStoresThem() {
        Random random = new Random(29);
        String[] pieces = {"a", "\t", "\n", "\r", "\\", "\\N", "\u00e9", "\u2264", "\ud83d\ude00", " ", "\"", "0"};
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            long seconds = random.nextLong(
                    InputLimits.EARLIEST_DATE.atStartOfDay().toEpochSecond(ZoneOffset.UTC),
                    InputLimits.LATEST_DATE.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
            int nanos = i % 3 == 0 ? random.nextInt(1_000_000) * 1_000 + 500 : random.nextInt(1_000_000_000);
            boolean nulls = i % 7 == 0;
            rows.add(new Object[] {
                i,
                nulls ? null : random.nextInt(),
                nulls ? null : random.nextLong(),
                nulls ? null : text.toString(),
                nulls ? null : text.toString().getBytes(StandardCharsets.UTF_8),
                nulls ? null : Timestamp.from(Instant.ofEpochSecond(seconds, nanos)),
                nulls
                        ? null
                        : LocalDate.ofEpochDay(random.nextLong(
                                InputLimits.EARLIEST_DATE.toEpochDay(), InputLimits.LATEST_DATE.toEpochDay() + 1)),
                nulls ? null : random.nextBoolean()
            });
        }
        String columns = "(i INTEGER, small INTEGER, large BIGINT, text_value VARCHAR(400), utf8_value TEXT,"
                + " at TIMESTAMPTZ, day DATE, yes BOOLEAN)";
        jdbc.execute("DROP TABLE IF EXISTS copy_rows_binary, copy_rows_inserted");
        jdbc.execute("CREATE TABLE copy_rows_binary " + columns);
        jdbc.execute("CREATE TABLE copy_rows_inserted " + columns);
        try {
            assertThat(CopyRows.copyBinary(jdbc, "copy_rows_binary", rows)).isEqualTo(3_000);
            jdbc.batchUpdate(
                    "INSERT INTO copy_rows_inserted VALUES (?, ?, ?, ?, convert_from(?, 'UTF8'), ?, ?, ?)", rows);

            assertThat(jdbc.queryForList("SELECT c::text FROM copy_rows_binary c ORDER BY i", String.class))
                    .hasSize(3_000)
                    .isEqualTo(jdbc.queryForList("SELECT n::text FROM copy_rows_inserted n ORDER BY i", String.class));
        } finally {
            jdbc.execute("DROP TABLE copy_rows_binary, copy_rows_inserted");
        }
    }

    /**
     * A value of another width is the code's mistake, never the data's: the server reads past the
     * field and refuses the whole copy as a protocol violation, and RebuildTest would fail.
     */
    @Test
    void aValueOfAnotherWidthThanItsColumnIsRefusedByTheServer() {
        jdbc.execute("DROP TABLE IF EXISTS copy_rows_width");
        jdbc.execute("CREATE TABLE copy_rows_width (n BIGINT)");
        try {
            assertThatThrownBy(() -> CopyRows.copyBinary(jdbc, "copy_rows_width", List.<Object[]>of(new Object[] {7})))
                    .rootCause()
                    .satisfies(
                            e -> assertThat(((PSQLException) e).getSQLState()).isEqualTo("08P01"));
            assertThatThrownBy(() -> CopyRows.copyBinary(
                            jdbc, "copy_rows_width", List.<Object[]>of(new Object[] {java.math.BigDecimal.ONE})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BigDecimal");
        } finally {
            jdbc.execute("DROP TABLE copy_rows_width");
        }
    }
}
