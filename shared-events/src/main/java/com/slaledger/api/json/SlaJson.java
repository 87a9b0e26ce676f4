package com.slaledger.api.json;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MutableConfigOverride;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON setup of the published language: both services, Axon's serializer and the tests use
 * it. ISO-8601 text for dates and instants, decimals read as BigDecimal, unknown properties
 * tolerated (a newer sender may add fields), and no value changed on the way in: a fraction for a
 * whole number, text for a whole number or for true or false, and a number for true or false or for
 * an enum, are refused (ADR 0026).
 */
public final class SlaJson {

    private static final Consumer<MutableConfigOverride> NOT_LENIENT =
            override -> override.setFormat(JsonFormat.Value.forLeniency(false));

    /** Deeper input than this is refused: no message of ours nests more than a few levels. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final JsonMapper MAPPER = configure(JsonMapper.builder(JsonFactory.builder()
                    // Each thread keeps its own buffers. Jackson's default pool is one deque shared
                    // by all threads: taking and returning buffers there cost the rebuild's writers
                    // 5 % of their time, on every value read or written (ADR 0009).
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build()))
            .build();

    private SlaJson() {}

    /** The shared mapper. Thread-safe and immutable. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Applies the shared settings to a builder, so a Spring context can add its own modules on top. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        // The same creators, called without a new spreading invoker per record.
        return withJacksonsCreators(builder).addModule(Creators.module());
    }

    /** The shared settings, but with Jackson's own call of each creator: what {@code CreatorsTest} compares to. */
    static JsonMapper.Builder withJacksonsCreators(JsonMapper.Builder builder) {
        return builder.changeDefaultVisibility(visibility -> visibility
                        // Messages are records: their components are the format. A helper such as
                        // Money.isPositive() must never become a JSON property.
                        .withVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // A value is refused, never changed on the way in: 8.5 for a whole number would be
                // cut to 8; 1 or 0 for true or false, and 0 for an enum's first name, are guesses.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // Dates and months are ISO-8601 text: a number would be read as a count of days
                // since 1970, which is not what a sender of 20261201 means. (Instants: Instants.)
                .withConfigOverride(LocalDate.class, NOT_LENIENT)
                .withConfigOverride(YearMonth.class, NOT_LENIENT)
                // Whole numbers and true/false are JSON's own: "8", " 8", "+8" or "TRUE" in quotes is
                // text, refused as the envelope's expectedVersion is. Decimals may still be text
                // (money amounts are written so), and are read exactly.
                .withCoercionConfig(
                        LogicalType.Integer,
                        wholes -> wholes.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        booleans -> booleans.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                // The same text as Jackson's own, without DateTimeFormatter on the hot paths.
                .addModule(Instants.module());
    }

    /**
     * The canonical text of a JSON value, the input of the hash chain. Object members sorted by
     * name (UTF-16 code unit order), no insignificant whitespace, strings escaped as standard
     * JSON, numbers as plain decimals without trailing zeros ({@code 2.50} becomes {@code 2.5},
     * {@code 1E+2} becomes {@code 100}). See {@code docs/hash-chain.md}.
     */
    public static String canonical(JsonNode node) {
        // An event's covered text is a few hundred characters: room for it without regrowing.
        StringBuilder out = new StringBuilder(1024);
        writeCanonical(node, out);
        return out.toString();
    }

    private static void writeCanonical(JsonNode node, StringBuilder out) {
        JsonNodeType type = node == null ? JsonNodeType.NULL : node.getNodeType();
        switch (type) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
                members.sort(Map.Entry.comparingByKey());
                out.append('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendQuoted(members.get(i).getKey(), out);
                    out.append(':');
                    writeCanonical(members.get(i).getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeCanonical(node.get(i), out);
                }
                out.append(']');
            }
            case NUMBER -> out.append(plain(node.decimalValue()));
            case STRING -> appendQuoted(node.stringValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            default -> out.append("null");
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * A string as the shared mapper writes it, without a generator per string (which cost the
     * intake a tenth of its time): the quote and the backslash escaped, the control characters
     * below U+0020 as their short escape or a {@code u00XX} escape, everything else as it is.
     * {@code SlaJsonCanonicalTest} holds it to the mapper's output for any text.
     */
    static void appendQuoted(String text, StringBuilder out) {
        out.append('"');
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            // Characters that need no escape go in by the run, not one by one.
            out.append(text, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, plainFrom, text.length());
        out.append('"');
    }

    private static String plain(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }
}
