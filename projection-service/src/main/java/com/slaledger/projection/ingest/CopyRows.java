package com.slaledger.projection.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN}: cheaper for the server than inserts,
 * for tables that only receive new rows. In the binary format ({@link #copyBinary}), or in the text
 * format: one line per row, values separated by tabs, {@code \N} for null, and backslash, newline,
 * carriage return and tab escaped. The text format takes null, {@code Timestamp}s (as {@code
 * timestamptz}), {@code Double[]} (as an array of numbers), {@code byte[]} (text in UTF-8), and
 * anything else as its {@code toString()}: numbers, booleans, dates and text.
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
     * transaction, in the text format. The lines go to the server a buffer at a time as they are
     * built: a batch's lines in one array cost its size in copies twice over (growing, then
     * trimming), a fifth of the rebuild's allocations (ADR 0009).
     */
    public static long copy(JdbcTemplate jdbc, String target, List<Object[]> rows) {
        return copy(jdbc, "COPY " + target + " FROM STDIN", rows, CopyRows::lines);
    }

    /**
     * Copies {@code rows} in PostgreSQL's binary format: for the rebuild's large rows of text, which
     * the server then neither scans for escapes nor parses for numbers and instants (less than half
     * the time of a {@code COPY} of the event log in text, ADR 0009). Each value's Java type must be
     * its column's: {@code Long} for {@code bigint}, {@code Integer} for {@code integer}, {@code
     * String} or {@code byte[]} (UTF-8) for text, {@code Timestamp} for {@code timestamptz}, {@code
     * LocalDate} for {@code date}, {@code Boolean}. A value of another width is refused by the server
     * as a protocol violation (08P01), and a value of another type here.
     */
    public static long copyBinary(JdbcTemplate jdbc, String target, List<Object[]> rows) {
        return copy(jdbc, "COPY " + target + " FROM STDIN WITH (FORMAT binary)", rows, CopyRows::tuples);
    }

    /** How rows are written into a buffer, with whatever goes before and after them. */
    @FunctionalInterface
    private interface Format {
        void write(List<Object[]> rows, Buffer into) throws SQLException;
    }

    private static long copy(JdbcTemplate jdbc, String sql, List<Object[]> rows, Format format) {
        if (rows.isEmpty()) {
            return 0;
        }
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                Buffer buffer = new Buffer(SENT_AT, (bytes, length) -> copy.writeToCopy(bytes, 0, length));
                format.write(rows, buffer);
                buffer.flush();
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

    /** The binary format's signature, then no flags and no header extension. */
    private static final byte[] BINARY_HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    /** Seconds from 1970 to 2000-01-01T00:00:00Z, where PostgreSQL's instants and dates count from. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private static final long POSTGRES_EPOCH_DAY = 10_957L;

    private static void tuples(List<Object[]> rows, Buffer tuples) throws SQLException {
        tuples.put(BINARY_HEADER, 0, BINARY_HEADER.length);
        for (Object[] row : rows) {
            tuples.int16(row.length);
            for (Object value : row) {
                binary(tuples, value);
            }
        }
        tuples.int16(-1);
    }

    /** One field: its length (-1 for null), then its value in the column type's binary form. */
    private static void binary(Buffer tuples, Object value) throws SQLException {
        if (value == null) {
            tuples.int32(-1);
        } else if (value instanceof byte[] utf8) {
            tuples.int32(utf8.length);
            tuples.put(utf8, 0, utf8.length);
        } else if (value instanceof String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            tuples.int32(utf8.length);
            tuples.put(utf8, 0, utf8.length);
        } else if (value instanceof Long number) {
            tuples.int32(8);
            tuples.int64(number);
        } else if (value instanceof Integer number) {
            tuples.int32(4);
            tuples.int32(number);
        } else if (value instanceof Timestamp at) {
            tuples.int32(8);
            tuples.int64(micros(at.toInstant()));
        } else if (value instanceof LocalDate date) {
            tuples.int32(4);
            tuples.int32(Math.toIntExact(date.toEpochDay() - POSTGRES_EPOCH_DAY));
        } else if (value instanceof Boolean yes) {
            tuples.int32(1);
            tuples.put(yes ? 1 : 0);
        } else {
            throw new IllegalArgumentException(
                    "no binary COPY form for " + value.getClass().getName());
        }
    }

    /**
     * Microseconds from 2000-01-01T00:00:00Z, rounded half up like {@link #instant} and the JDBC
     * driver: a rebuild stores the instant the live writer stored.
     */
    static long micros(Instant at) {
        long seconds = at.getEpochSecond();
        int micros = (at.getNano() + 500) / 1_000;
        return Math.addExact(Math.multiplyExact(seconds - POSTGRES_EPOCH_SECONDS, 1_000_000L), micros);
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

        /** The low 16 bits of {@code value}, big-endian. */
        void int16(int value) throws SQLException {
            room(2);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        void int32(int value) throws SQLException {
            room(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        void int64(long value) throws SQLException {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
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
