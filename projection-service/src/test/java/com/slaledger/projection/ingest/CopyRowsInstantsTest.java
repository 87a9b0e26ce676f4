package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.InputLimits;
import com.slaledger.projection.ProjectionServiceTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An instant copied in by the rebuild is stored as the live writer's insert stores it, whatever its
 * precision: the driver rounds a {@code Timestamp} to the microsecond half up, PostgreSQL's text
 * input half to even, so the copied text must carry the driver's microseconds.
 */
@ProjectionServiceTest
class CopyRowsInstantsTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aCopiedInstantIsStoredAsAnInsertedOne() {
        Random random = new Random(11);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // the published language's instants (InputLimits); before 1583 the driver's Timestamp
            // would be written in the Julian calendar
            long seconds = random.nextLong(
                    InputLimits.EARLIEST_DATE.atStartOfDay().toEpochSecond(ZoneOffset.UTC),
                    InputLimits.LATEST_DATE.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000_000) * 1_000 + 500; // half a microsecond
                case 2 -> 999_999_500 + random.nextInt(500); // rounds up into the next second
                default -> random.nextInt(1_000_000_000);
            };
            rows.add(new Object[] {i, Timestamp.from(Instant.ofEpochSecond(seconds, nanos))});
        }
        List<String> differing = transactions.execute(tx -> {
            jdbc.execute("CREATE TEMPORARY TABLE copied (i INTEGER, at TIMESTAMPTZ) ON COMMIT DROP");
            jdbc.execute("CREATE TEMPORARY TABLE inserted (i INTEGER, at TIMESTAMPTZ) ON COMMIT DROP");
            CopyRows.copy(jdbc, "copied (i, at)", rows);
            jdbc.batchUpdate("INSERT INTO inserted (i, at) VALUES (?, ?)", rows);
            return jdbc.queryForList("""
                            SELECT c.i || ': ' || c.at || ' <> ' || n.at FROM copied c JOIN inserted n USING (i)
                            WHERE c.at IS DISTINCT FROM n.at""", String.class);
        });
        assertThat(differing).isEmpty();
        assertThat(rows).hasSize(5_000);
    }
}
