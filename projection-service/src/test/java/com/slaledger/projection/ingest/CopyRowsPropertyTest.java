package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The COPY lines, built into a growing buffer with numbers written digit by digit, say what the
 * text format's rules say of each value's {@code String.valueOf}: tabs between values, a newline
 * after each row, {@code \N} for null, and backslash, newline, carriage return and tab escaped.
 */
class CopyRowsPropertyTest {

    @Property(tries = 2000)
    void linesAreEachValuesTextEscapedAsTheTextFormatSays(@ForAll("rows") List<List<Object>> rows) {
        List<Object[]> asArrays = rows.stream().map(List::toArray).toList();

        String expected = rows.stream()
                .map(row -> row.stream().map(CopyRowsPropertyTest::text).collect(Collectors.joining("\t")) + "\n")
                .collect(Collectors.joining());

        assertThat(new String(CopyRows.lines(asArrays), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private static String text(Object value) {
        if (value == null) {
            return "\\N";
        }
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        return text.replace("\\", "\\\\")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
                .replace("\t", "\\t");
    }

    @Provide
    Arbitrary<List<List<Object>>> rows() {
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.of(0L, 9L, 10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE, -1L)
                        .map(Object.class::cast),
                Arbitraries.strings()
                        .withChars("ab\\\n\r\t\u00e9\u2264N")
                        .ofMaxLength(3_000)
                        .map(Object.class::cast),
                Arbitraries.strings().withChars("xy\\\t\u00e9").ofMaxLength(50).map(s ->
                        (Object) s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(null));
        return value.list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(ArrayList::new)
                .map(l -> (List<Object>) l)
                .list()
                .ofMaxSize(5);
    }
}
