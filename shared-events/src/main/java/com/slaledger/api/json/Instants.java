package com.slaledger.api.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Instants in the text Jackson writes and reads by default ({@code DateTimeFormatter.ISO_INSTANT}:
 * {@code 2026-12-03T02:00:00Z}, a fraction in groups of three digits when there is one), written
 * and read digit by digit. Jackson's {@code DateTimeFormatter} was a tenth of the rebuild writers'
 * samples (JFR, ADR 0009). Anything else, a year outside 0000-9999, a format set on a property, or
 * text that is not in exactly this form, goes to Jackson's own serializer and deserializer, so
 * the text and its meaning stay the same: {@code InstantsTest} holds both to Jackson's for any
 * instant and for generated text. A number is refused rather than read as seconds since 1970.
 */
public final class Instants {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long FIRST = -62_167_219_200L;

    private static final long LAST = 253_402_300_799L;

    private Instants() {}

    static SimpleModule module() {
        return new SimpleModule("sla-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader(InstantDeserializer.INSTANT));
    }

    /** The text of {@code at} in {@code out} (30 chars at least); its length, or -1 outside 0000-9999. */
    static int format(Instant at, char[] out) {
        long seconds = at.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int time = (int) Math.floorMod(seconds, 86_400);
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, time / 3_600, 2);
        out[13] = ':';
        digits(out, 14, time / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, time % 60, 2);
        int length = 19;
        int nanos = at.getNano();
        if (nanos > 0) {
            out[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(out, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                digits(out, length, nanos / 1_000, 6);
                length += 6;
            } else {
                digits(out, length, nanos, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        return length;
    }

    /**
     * {@link Instant#parse}: the same instant for the same text, and the same exception for text it
     * refuses; the text every instant of this service has ({@code Instant.toString}, ISO_INSTANT)
     * is read digit by digit. {@code Instant.parse} was 8 % of the intake's allocations (JFR, ADR 0009).
     */
    public static Instant parse(CharSequence text) {
        int length = text.length();
        if (length <= 30) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = text.charAt(i);
            }
            Instant fast = parse(chars, 0, length);
            if (fast != null) {
                return fast;
            }
        }
        return Instant.parse(text);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a valid date and time, or null for
     * any other text (Jackson's deserializer then decides).
     */
    static Instant parse(char[] text, int offset, int length) {
        if (length != 20 && (length < 22 || length > 30)) {
            return null;
        }
        if (text[offset + 4] != '-'
                || text[offset + 7] != '-'
                || text[offset + 10] != 'T'
                || text[offset + 13] != ':'
                || text[offset + 16] != ':'
                || text[offset + length - 1] != 'Z'
                || (length > 20 && text[offset + 19] != '.')) {
            return null;
        }
        int year = number(text, offset, 4);
        int month = number(text, offset + 5, 2);
        int day = number(text, offset + 8, 2);
        int hour = number(text, offset + 11, 2);
        int minute = number(text, offset + 14, 2);
        int second = number(text, offset + 17, 2);
        int fraction = length > 20 ? number(text, offset + 20, length - 21) : 0;
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || fraction < 0) {
            return null;
        }
        for (int i = length - 21; i < 9; i++) {
            fraction *= 10;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, fraction);
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 if one is not a digit. */
    private static int number(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Jackson's serializer of instants, with the default text written digit by digit. Jackson
     * makes a copy of it for each property (with the property's format settings), so the copies
     * are Writers too.
     */
    static final class Writer extends InstantSerializer {

        Writer() {}

        private Writer(
                Writer base,
                DateTimeFormatter formatter,
                Boolean useTimestamp,
                Boolean useNanoseconds,
                JsonFormat.Shape shape) {
            super(base, formatter, useTimestamp, useNanoseconds, shape);
        }

        @Override
        protected InstantSerializer withFormat(
                DateTimeFormatter formatter, Boolean useTimestamp, JsonFormat.Shape shape) {
            return new Writer(this, formatter, useTimestamp, _useNanoseconds, shape);
        }

        @Override
        protected InstantSerializer withFeatures(Boolean useTimestamp, Boolean useNanoseconds) {
            return new Writer(this, _formatter, useTimestamp, useNanoseconds, _shape);
        }

        @Override
        public void serialize(Instant value, tools.jackson.core.JsonGenerator gen, SerializationContext ctxt) {
            if (_formatter == null && !useTimestamp(ctxt)) {
                char[] text = new char[30];
                int length = format(value, text);
                if (length > 0) {
                    gen.writeString(text, 0, length);
                    return;
                }
            }
            super.serialize(value, gen, ctxt);
        }
    }

    /** Jackson's deserializer of instants, with the default text read digit by digit first. */
    static final class Reader extends StdScalarDeserializer<Instant> {

        private final ValueDeserializer<Instant> jackson;

        Reader(ValueDeserializer<Instant> jackson) {
            super(Instant.class);
            this.jackson = jackson;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            ValueDeserializer<Instant> contextual =
                    (ValueDeserializer<Instant>) jackson.createContextual(ctxt, property);
            return contextual == jackson ? this : new Reader(contextual);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                // An instant is ISO-8601 text (SlaJson): seconds or milliseconds since 1970 would
                // be a guess between two meanings a thousand times apart.
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
                if (fast != null) {
                    return fast;
                }
            }
            return jackson.deserialize(p, ctxt);
        }
    }
}
