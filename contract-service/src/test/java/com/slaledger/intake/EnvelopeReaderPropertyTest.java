package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.slaledger.api.InputLimits;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.CommandType;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.json.Wording;
import com.slaledger.testsupport.HostileEnvelopes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever a sender writes, the reader answers with an acceptance or a refusal that names what is
 * wrong, in bounded time, and never throws. What it accepts holds the input limits.
 */
class EnvelopeReaderPropertyTest {

    private static final Set<RejectionCode> INPUT_CODES = Set.of(
            RejectionCode.MALFORMED, RejectionCode.INVALID, RejectionCode.UNKNOWN_COMMAND, RejectionCode.TOO_LARGE);

    private final EnvelopeReader reader = new EnvelopeReader(
            TestIntakeProperties.withMaxRecordBytes(262_144),
            Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));

    @Provide
    Arbitrary<HostileEnvelopes.Mutated> mutated() {
        return HostileEnvelopes.mutated(Arbitraries.create(() -> "c-" + UUID.randomUUID()), "SLA-PROP-1");
    }

    /** The generator starts from a valid envelope of every public command type, a new one included. */
    @Example
    void theUnmutatedEnvelopeOfEveryCommandTypeIsAccepted() {
        for (CommandType type : CommandType.values()) {
            var envelope = HostileEnvelopes.validEnvelope(type.name(), "c-" + type.name(), "SLA-PROP-1");
            assertThat(reader.read(SlaJson.mapper().writeValueAsBytes(envelope)))
                    .as(type.name())
                    .isInstanceOf(Reading.Parsed.class);
        }
    }

    @Property(tries = 3000)
    void everyMutationIsAcceptedOrRefusedWithAReasonNamingTheField(@ForAll("mutated") HostileEnvelopes.Mutated record) {
        Reading reading = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> reader.read(record.bytes()));
        if (reading instanceof Reading.Refused refused) {
            assertThat(refused.code()).as(record.toString()).isIn(INPUT_CODES);
            assertThat(refused.message()).as(record.toString()).isNotBlank().hasSizeLessThan(4_000);
            // In the published language's terms, not the Java types or the parser's tokens behind it;
            // the sender's own value may be repeated, whatever it holds ("unknown command type '`'").
            assertThat(refused.message())
                    .as(record.toString())
                    .doesNotContain(
                            Stream.of("java.", "jackson", "`", "JsonToken", "Cannot deserialize", "Cannot construct")
                                    .filter(word -> !record.snippet().contains(word))
                                    .toArray(String[]::new));
            // A whole payload replaced is answered field by field ("clientId is required; ..."); text
            // that never parses (too deep, a number too long) is refused for that, before any field.
            if (!record.path().startsWith("bytes:")
                    && !record.path().equals("payload")
                    && !refused.message().startsWith("the record is not JSON")
                    && refused.code() != RejectionCode.TOO_LARGE) {
                assertThat(refused.message()).as(record.toString()).contains(fieldNamed(record.path()));
            }
            if (refused.commandId() != null) {
                assertThat(InputLimits.isSenderCommandId(refused.commandId())).isTrue();
            }
        } else {
            Reading.Parsed parsed = (Reading.Parsed) reading;
            assertThat(parsed.command().validate().problems())
                    .as(record.toString())
                    .isEmpty();
            assertWithinLimits(SlaJson.mapper().valueToTree(parsed.command()), record);
            assertThat(InputLimits.textProblem(parsed.issuance().issuedBy().actor(), 200, false))
                    .isNull();
        }
    }

    /**
     * A member nobody defined, in the envelope or its issuedBy, is refused whatever its name: near
     * misses of the defined ones ({@code expectedversion}, {@code expected_version}, {@code
     * issuedat}) and any other text, the empty name included. None is ignored.
     */
    @Property(tries = 1000)
    void aMemberNobodyDefinedIsRefusedAndNamed(
            @ForAll("types") String type,
            @ForAll("undefinedMembers") String name,
            @ForAll boolean inIssuedBy,
            @ForAll("memberValues") String value) {
        ObjectNode envelope = HostileEnvelopes.validEnvelope(type, "c-undefined", "SLA-PROP-2");
        ObjectNode owner = inIssuedBy ? (ObjectNode) envelope.get("issuedBy") : envelope;
        owner.set(name, SlaJson.mapper().readTree(value));
        Reading reading = reader.read(SlaJson.mapper().writeValueAsBytes(envelope));
        assertThat(reading).as(name).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(RejectionCode.INVALID);
            assertThat(refused.commandId()).isEqualTo("c-undefined");
            assertThat(refused.message())
                    .as(name)
                    .isEqualTo((inIssuedBy ? "issuedBy." : "")
                            + (name.isEmpty() ? "\"\"" : Wording.echo(name))
                            + " is not a field of " + (inIssuedBy ? "issuedBy" : "the command envelope"));
        });
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of(
                CommandType.values().stream().map(CommandType::name).toList());
    }

    @Provide
    Arbitrary<String> undefinedMembers() {
        return HostileEnvelopes.undefinedMembers(
                Stream.concat(EnvelopeReader.ENVELOPE_MEMBERS.stream(), EnvelopeReader.ISSUER_MEMBERS.stream())
                        .toList());
    }

    @Provide
    Arbitrary<String> memberValues() {
        return Arbitraries.of("7", "null", "\"2026-11-27T09:15:00Z\"", "{}", "[]", "true");
    }

    /** The name a refusal must mention: the envelope field, or the payload field, that was changed. */
    private static String fieldNamed(String path) {
        String field = path.startsWith("payload.") ? path.substring("payload.".length()) : path;
        return field.replaceAll("[.\\[].*", "");
    }

    /** No control characters but line feeds and tabs, no lone surrogates, decimals short and plain. */
    private static void assertWithinLimits(JsonNode node, HostileEnvelopes.Mutated record) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("amount")) {
                    int minorUnit = java.util.Currency.getInstance(
                                    node.get("currency").stringValue())
                            .getDefaultFractionDigits();
                    assertThat(new java.math.BigDecimal(e.getValue().stringValue()).scale())
                            .as(record.toString())
                            .isBetween(0, minorUnit);
                } else {
                    assertWithinLimits(e.getValue(), record);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> assertWithinLimits(element, record));
        } else if (node.isString()) {
            assertThat(InputLimits.textProblem(node.stringValue(), Integer.MAX_VALUE, true))
                    .as(record.toString())
                    .isNull();
        } else if (node.isNumber()) {
            assertThat(node.decimalValue().scale()).as(record.toString()).isBetween(0, 4);
            assertThat(node.decimalValue().precision())
                    .as(record.toString())
                    .isLessThanOrEqualTo(InputLimits.MAX_DIGITS);
        }
    }
}
