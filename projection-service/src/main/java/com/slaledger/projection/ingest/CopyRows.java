package com.slaledger.projection.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} in its text format: one line per row,
 * values separated by tabs, {@code \N} for null, and backslash, newline, carriage return and tab
 * escaped. Cheaper for the server than inserts, for tables that only receive new rows. Values:
 * null, {@code Timestamp}s (as {@code timestamptz}), {@code Double[]} (as an array of numbers),
 * {@code byte[]} (text in UTF-8), and anything else as its {@code toString()}: numbers, booleans,
 * dates and text.
 *
 * <p>The lines are built as UTF-8 bytes. A {@code byte[]} value is text already in UTF-8 (an
 * envelope as received, JSON as written): it is escaped byte by byte, which is safe because no byte
 * of a multi-byte UTF-8 sequence equals one of the four escaped characters, and copied whole when
 * it holds none of them. Such values must be well-formed UTF-8, which PostgreSQL requires:
 * envelopes are made so as they are received ({@code Ingestion.wellFormed}).
 */
public final class CopyRows {

    /** Bytes of lines sent to the server at a time. */
    private static final int SENT_AT = 64 * 1024;

    private CopyRows() {}

    /**
     * Copies {@code rows} into {@code target}, a table with its columns, in the template's
     * transaction. The lines go to the server a buffer at a time as they are built: a batch's lines
     * in one array cost its size in copies twice over (growing, then trimming), a fifth of the
     * rebuild's allocations (ADR 0009).
     */
    public static long copy(JdbcTemplate jdbc, String target, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
            try {
                Buffer lines = new Buffer(SENT_AT, (bytes, length) -> copy.writeToCopy(bytes, 0, length));
                lines(rows, lines);
                lines.flush();
                return copy.endCopy();
            } catch (SQLException | RuntimeException e) {
                // The failure is what the caller classifies (a refused row, a lost connection); a
                // failed cancel of the broken copy must not take its place.
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException cancel) {
                        e.addSuppressed(cancel);
                    }
                }
                throw e;
            }
        });
        return copied == null ? 0 : copied;
    }

    /** The lines of {@code rows}, whole. */
    static byte[] lines(List<Object[]> rows) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        Buffer lines = new Buffer(64, (bytes, length) -> whole.write(bytes, 0, length));
        try {
            lines(rows, lines);
            lines.flush();
        } catch (SQLException e) {
            throw new IllegalStateException(e); // not thrown by a stream in memory
        }
        return whole.toByteArray();
    }

    private static void lines(List<Object[]> rows, Buffer lines) throws SQLException {
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    lines.put('\t');
                }
                value(lines, row[i]);
            }
            lines.put('\n');
        }
    }

    private static void value(Buffer lines, Object value) throws SQLException {
        if (value == null) {
            lines.put('\\');
            lines.put('N');
            return;
        }
        if (value instanceof Timestamp at) {
            instant(lines, at.toInstant());
            return;
        }
        if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0) {
            lines.digits(((Number) value).longValue());
            return;
        }
        if (value instanceof Double[] numbers) {
            lines.put('{');
            for (int i = 0; i < numbers.length; i++) {
                if (i > 0) {
                    lines.put(',');
                }
                byte[] number = numbers[i] == null
                        ? "NULL".getBytes(StandardCharsets.US_ASCII)
                        : numbers[i].toString().getBytes(StandardCharsets.US_ASCII);
                lines.put(number, 0, number.length);
            }
            lines.put('}');
            return;
        }
        byte[] utf8 = value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
        int plain = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\\' || b == '\n' || b == '\r' || b == '\t') {
                lines.put(utf8, plain, i - plain);
                lines.put('\\');
                lines.put(b == '\\' ? '\\' : b == '\n' ? 'n' : b == '\r' ? 'r' : 't');
                plain = i + 1;
            }
        }
        lines.put(utf8, plain, utf8.length - plain);
    }

    /**
     * An instant as {@code yyyy-MM-dd HH:mm:ss.uuuuuu+00}, digit by digit ({@code Instant.toString}
     * was a sixth of the rebuild's writing, JFR). Rounded to the microsecond half up, as the JDBC
     * driver rounds a {@code Timestamp} for the live writer: PostgreSQL would round the nanoseconds
     * half to even, and a rebuild would store another instant than live. Years outside 1 to 9999
     * take the slow way.
     */
    static void instant(Buffer lines, Instant at) throws SQLException {
        long seconds = at.getEpochSecond();
        int micros = (at.getNano() + 500) / 1_000;
        if (micros == 1_000_000) {
            seconds++;
            micros = 0;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9_999) {
            byte[] slow =
                    Instant.ofEpochSecond(seconds, micros * 1_000L).toString().getBytes(StandardCharsets.US_ASCII);
            lines.put(slow, 0, slow.length);
            return;
        }
        lines.digits(t.getYear(), 4);
        lines.put('-');
        lines.digits(t.getMonthValue(), 2);
        lines.put('-');
        lines.digits(t.getDayOfMonth(), 2);
        lines.put(' ');
        lines.digits(t.getHour(), 2);
        lines.put(':');
        lines.digits(t.getMinute(), 2);
        lines.put(':');
        lines.digits(t.getSecond(), 2);
        if (micros != 0) {
            lines.put('.');
            lines.digits(micros, 6);
        }
        lines.put('+');
        lines.put('0');
        lines.put('0');
    }

    /** Where full buffers go: the server's {@code COPY}, or memory. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int length) throws SQLException;
    }

    /**
     * The lines being built: a fixed array handed to its sink when full, without the lock each
     * write of a {@code ByteArrayOutputStream} takes, and numbers written as digits without a
     * String in between.
     */
    static final class Buffer {

        private final byte[] bytes;
        private final Sink sink;
        private int size;

        Buffer(int capacity, Sink sink) {
            this.bytes = new byte[Math.max(capacity, 64)];
            this.sink = sink;
        }

        void put(int b) throws SQLException {
            room(1);
            bytes[size++] = (byte) b;
        }

        /** Copies {@code length} bytes; what does not fit goes out a buffer at a time. */
        void put(byte[] from, int offset, int length) throws SQLException {
            while (length > 0) {
                room(1);
                int part = Math.min(length, bytes.length - size);
                System.arraycopy(from, offset, bytes, size, part);
                size += part;
                offset += part;
                length -= part;
            }
        }

        /** {@code value} (0 or more) in {@code width} digits, zeros in front (up to 20). */
        void digits(long value, int width) throws SQLException {
            room(width);
            for (int i = size + width - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += width;
        }

        /** {@code value} (0 or more) in as many digits as it has. */
        void digits(long value) throws SQLException {
            int width = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                width++;
            }
            digits(value, width);
        }

        /** Hands over what the buffer holds. */
        void flush() throws SQLException {
            if (size > 0) {
                sink.write(bytes, size);
                size = 0;
            }
        }

        /** Makes room for {@code more} bytes (at most the buffer's size) by handing the buffer over. */
        private void room(int more) throws SQLException {
            if (size + more > bytes.length) {
                flush();
            }
        }
    }
}
