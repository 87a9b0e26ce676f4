package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    @Test
    void valuesAreTabSeparatedNullsAreBackslashNAndTheTextFormatsSpecialCharactersAreEscaped() {
        List<Object[]> rows = List.of(
                new Object[] {"c-1", 7L, Timestamp.from(Instant.parse("2026-12-02T10:00:00Z")), null},
                new Object[] {"tab\there", "new\nline\r", "back\\slash \\N", "{\"a\":\"\\u0000\"}"});

        assertThat(CopyRows.text(rows))
                .isEqualTo("c-1\t7\t2026-12-02T10:00:00Z\t\\N\n"
                        + "tab\\there\tnew\\nline\\r\tback\\\\slash \\\\N\t{\"a\":\"\\\\u0000\"}\n");
    }
}
