package com.slaledger.publishing;

import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;

/**
 * A stored payload's (or metadata's) bytes as damage in the event store would leave them, and what
 * counts as whole.
 */
final class DamagedPayloads {

    private DamagedPayloads() {}

    /**
     * The oracle, by other means than the publisher's: well-formed UTF-8 is what survives decoding
     * and encoding again unchanged; one JSON object is what the mapper reads whole into an object.
     */
    static boolean isOneJsonObject(byte[] stored) {
        String text = new String(stored, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), stored)) {
            return false;
        }
        try {
            JsonNode tree = SlaJson.mapper().readTree(text);
            return tree != null && tree.isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code stored}, damaged as a disk, a hand-edited row or a wrong encoding would, or left whole. */
    static Arbitrary<byte[]> of(byte[] stored) {
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, stored.length - 1);
        Arbitrary<byte[]> truncated = positions.map(at -> Arrays.copyOf(stored, at));
        Arbitrary<byte[]> flipped = Combinators.combine(positions, Arbitraries.bytes())
                .as((at, value) -> {
                    byte[] copy = stored.clone();
                    copy[at] = value;
                    return copy;
                });
        Arbitrary<byte[]> inserted = Combinators.combine(
                        positions,
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4))
                .as((at, bytes) -> insert(stored, at, bytes));
        // Sequences that are not UTF-8 but that a lenient reader decodes (overlong forms, a
        // surrogate encoded on its own, beyond U+10FFFF), inside the first text (the contract's id).
        int firstText = new String(stored, StandardCharsets.ISO_8859_1).indexOf("\":\"") + 3;
        Arbitrary<byte[]> malformedInText = Combinators.combine(
                        Arbitraries.integers().between(firstText, firstText + 3),
                        Arbitraries.of(
                                new byte[] {(byte) 0xC1, (byte) 0xBF},
                                new byte[] {(byte) 0xC0, (byte) 0x80},
                                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .as((at, bytes) -> insert(stored, at, bytes));
        Arbitrary<byte[]> latin1 =
                Arbitraries.just(new String(stored, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> otherJson = Arbitraries.of(
                        "[]", "[{}]", "42", "\"text\"", "null", "true", "{} {}", "{}x", "{\"a\":1}}", "", " ", "{}")
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.frequencyOf(
                Tuple.of(3, truncated),
                Tuple.of(4, flipped),
                Tuple.of(3, inserted),
                Tuple.of(2, malformedInText),
                Tuple.of(1, latin1),
                Tuple.of(2, otherJson),
                Tuple.of(1, noise),
                Tuple.of(1, Arbitraries.just(stored)));
    }

    private static byte[] insert(byte[] stored, int at, byte[] bytes) {
        byte[] copy = new byte[stored.length + bytes.length];
        System.arraycopy(stored, 0, copy, 0, at);
        System.arraycopy(bytes, 0, copy, at, bytes.length);
        System.arraycopy(stored, at, copy, at + bytes.length, stored.length - at);
        return copy;
    }
}
