package com.slaledger.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.bean.BeanSerializerBase;

/**
 * Instants are written and read digit by digit (ADR 0009); the text must stay Jackson's to the
 * byte, since the hash chain covers it, and every text must mean what it meant to Jackson.
 */
class InstantsTest {

    /** Jackson's own handling of instants, without the shared setup's module. */
    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    @Property(tries = 3_000)
    void anInstantIsWrittenAsJacksonWritesIt(@ForAll("instants") Instant at) {
        String text = SlaJson.mapper().writeValueAsString(at);

        assertThat(text).isEqualTo(JACKSON.writeValueAsString(at));
        assertThat(SlaJson.mapper().readValue(text, Instant.class)).isEqualTo(at);
    }

    @Property(tries = 3_000)
    void anyTextIsReadAsJacksonReadsIt(@ForAll("texts") String text) {
        String json = JACKSON.writeValueAsString(text);

        assertThat(outcome(SlaJson.mapper(), json)).isEqualTo(outcome(JACKSON, json));
    }

    @Property(tries = 3_000)
    void anyTextIsParsedAsInstantParsesIt(@ForAll("texts") String text) {
        assertThat(parsed(() -> Instants.parse(text))).isEqualTo(parsed(() -> Instant.parse(text)));
    }

    private static Object parsed(java.util.function.Supplier<Instant> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    @Test
    void theSharedSetupWritesAndReadsThroughThisModule() {
        char[] text = new char[30];
        Instant at = Instant.parse("2026-12-03T02:00:00.000500Z");

        assertThat(new String(text, 0, Instants.format(at, text))).isEqualTo("2026-12-03T02:00:00.000500Z");
        assertThat(SlaJson.mapper().writeValueAsString(at)).isEqualTo("\"2026-12-03T02:00:00.000500Z\"");
        assertThat(Instants.parse("1999-02-29T00:00:00Z".toCharArray(), 0, 20))
                .as("no such day: left to Jackson")
                .isNull();
        assertThat(SlaJson.mapper().registeredModules())
                .extracting(module -> module.getRegistrationId())
                .contains("sla-instants");
    }

    /** A record's instant goes through the same writer as a lone one: Jackson copies it per property. */
    @Test
    void anInstantPropertyIsWrittenByThisModule() {
        var context = SlaJson.mapper()._serializationContext();
        var bean = (BeanSerializerBase) context.findTypedValueSerializer(Stamped.class, true);
        var at = (BeanPropertyWriter) bean.properties().next();

        assertThat(at.getSerializer()).isInstanceOf(Instants.Writer.class);
        assertThat(SlaJson.mapper().writeValueAsString(new Stamped(Instant.parse("2026-12-03T02:00:00.5Z"))))
                .isEqualTo("{\"at\":\"2026-12-03T02:00:00.500Z\"}");
    }

    record Stamped(Instant at) {}

    /** The value read, or the kind of failure. */
    private static String outcome(JsonMapper mapper, String json) {
        try {
            return String.valueOf(mapper.readValue(json, Instant.class));
        } catch (RuntimeException e) {
            return "fails";
        }
    }

    /** Across the whole range, around year 0 and 9999, with fractions of 0, 3, 6 and 9 digits. */
    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.longs().between(-62_167_219_300L, -62_167_219_100L),
                Arbitraries.longs().between(253_402_300_700L, 253_402_300_900L),
                Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(n -> n * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(n -> n * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /**
     * Texts near the form: valid instants, then a character replaced, dropped or added, with
     * digits, separators and letters that Jackson reads in other forms (offsets, lower case).
     */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> valid = instants().map(Instant::toString);
        Arbitrary<Character> replacement =
                Arbitraries.of(List.of('0', '1', '2', '3', '5', '9', '-', ':', '.', 'T', 't', 'Z', 'z', '+', ' '));
        Arbitrary<String> edited = Combinators.combine(
                        valid,
                        Arbitraries.integers().between(0, 29),
                        replacement,
                        Arbitraries.integers().between(0, 2))
                .as((text, at, c, edit) -> {
                    int i = Math.min(at, text.length() - 1);
                    return switch (edit) {
                        case 0 -> text.substring(0, i) + c + text.substring(i + 1);
                        case 1 -> text.substring(0, i) + text.substring(i + 1);
                        default -> text.substring(0, i) + c + text.substring(i);
                    };
                });
        Arbitrary<String> calendar = Combinators.combine(
                        Arbitraries.integers().between(0, 9_999),
                        Arbitraries.integers().between(0, 13),
                        Arbitraries.integers().between(0, 32),
                        Arbitraries.integers().between(0, 25),
                        Arbitraries.integers().between(0, 61),
                        Arbitraries.integers().between(0, 61))
                .as((y, mo, d, h, mi, s) -> String.format("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s));
        return Arbitraries.frequencyOf(Tuple.of(2, valid), Tuple.of(5, edited), Tuple.of(3, calendar));
    }
}
