package com.slaledger.api.hash;

import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The tamper-evident chain over a contract's events. Each event's hash is the SHA-256, in lower-case
 * hex, of the UTF-8 bytes of
 *
 * <pre>previousHash + "\n" + sequence + "\n" + type + "\n" + canonical(payload)</pre>
 *
 * where {@code previousHash} is the empty string for the first event (sequence 0). Anyone can
 * recompute it from an export with any SHA-256 tool; {@code docs/hash-chain.md} gives the details.
 */
public final class HashChain {

    private HashChain() {}

    public static String link(String previousHash, long sequence, String type, JsonNode payload) {
        String input = (previousHash == null ? "" : previousHash)
                + "\n" + sequence
                + "\n" + type
                + "\n" + SlaJson.canonical(payload);
        return sha256(input);
    }

    /**
     * Hashes an event record as it will be stored: its serialised JSON, read back, so that the
     * hash covers exactly the bytes in the event store and never an in-memory form of them.
     */
    public static String link(String previousHash, long sequence, String type, Object payload) {
        byte[] stored = SlaJson.mapper().writeValueAsBytes(payload);
        return link(previousHash, sequence, type, SlaJson.mapper().readTree(stored));
    }

    /** Checks a contract's events, in sequence order, from the first one. */
    public static ChainVerification verify(List<ChainedEvent> events) {
        String previous = null;
        long expectedSequence = 0;
        for (ChainedEvent event : events) {
            if (event.sequence() != expectedSequence) {
                return ChainVerification.brokenAt(
                        expectedSequence,
                        events.size(),
                        "expected sequence " + expectedSequence + " but found " + event.sequence());
            }
            if (!sameHash(previous, event.previousHash())) {
                return ChainVerification.brokenAt(
                        event.sequence(), events.size(), "previousHash does not match the hash of the event before");
            }
            String recomputed = link(previous, event.sequence(), event.type(), event.payload());
            if (!recomputed.equals(event.hash())) {
                return ChainVerification.brokenAt(
                        event.sequence(), events.size(), "hash does not match the event's content");
            }
            previous = event.hash();
            expectedSequence++;
        }
        return ChainVerification.intact(events.size(), previous);
    }

    private static boolean sameHash(String expected, String actual) {
        return expected == null ? actual == null || actual.isEmpty() : expected.equals(actual);
    }

    private static String sha256(String input) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
