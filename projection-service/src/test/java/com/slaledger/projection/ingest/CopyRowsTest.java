package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

        assertThat(new String(CopyRows.lines(rows), StandardCharsets.UTF_8))
                .isEqualTo("c-1\t7\t2026-12-02 10:00:00+00\t\\N\n"
                        + "tab\\there\tnew\\nline\\r\tback\\\\slash \\\\N\t{\"a\":\"\\\\u0000\"}\n");
    }

    @Test
    void utf8ValuesAreEscapedByteByByteAndKeepTheirMultiByteCharacters() {
        byte[] json = "{\"heading\":\"R\u00e9ponse \u2264 4 h\tstrict\\\\\"}".getBytes(StandardCharsets.UTF_8);
        List<Object[]> rows = List.<Object[]>of(new Object[] {json, "\u00e9t\u00e9\n"});

        assertThat(new String(CopyRows.lines(rows), StandardCharsets.UTF_8))
                .isEqualTo("{\"heading\":\"R\u00e9ponse \u2264 4 h\\tstrict\\\\\\\\\"}\t\u00e9t\u00e9\\n\n");
    }

    @Test
    void numbersBooleansDatesAndArraysOfNumbersAreWrittenInTheirTextForms() {
        List<Object[]> rows = List.<Object[]>of(new Object[] {
            -3,
            new java.math.BigDecimal("1200.50"),
            true,
            java.time.LocalDate.of(2027, 1, 31),
            new Double[] {1.5, 1.0E-5, null},
            new Double[0]
        });

        assertThat(new String(CopyRows.lines(rows), StandardCharsets.UTF_8))
                .isEqualTo("-3\t1200.50\ttrue\t2027-01-31\t{1.5,1.0E-5,NULL}\t{}\n");
    }
}
