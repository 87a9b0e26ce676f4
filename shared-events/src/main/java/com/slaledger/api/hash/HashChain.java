package com.slaledger.api.hash;

import com.slaledger.api.InputLimits;
import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tamper-evident chain over a contract's events. Each event's hash is the SHA-256, in
 * lower-case hex, of the UTF-8 bytes of a canonical text that includes the hash of the event before
 * it. Every event says the chain version it was hashed under:
 *
 * <ul>
 *   <li>version 1: {@code previousHash + "\n" + sequence + "\n" + type + "\n" + canonical(payload)};
 *   <li>version 2 (every event stored since): the canonical JSON of one object holding the previous
 *       hash, sequence, type, revision, contract, party, actor, command id, occurredAt, receivedAt,
 *       contract version and payload, so an export cannot change who did what, or when, and still
 *       verify.
 * </ul>
 *
 * Anyone can recompute it from an export with any SHA-256 tool; {@code docs/hash-chain.md} gives
 * the details and test vectors.
 */
public final class HashChain {

    /** The version every new event is hashed under. */
    public static final int CURRENT_VERSION = 2;

    private HashChain() {}

    /** The hash of an event by the rule of its chain version, linked to its {@code previousHash}. */
    public static String hash(ChainedEvent event) {
        return switch (event.chainVersion()) {
            case 1 -> link(event.previousHash(), event.sequence(), event.type(), event.payload());
            case 2 -> sha256(SlaJson.canonical(coveredByVersion2(event)));
            default -> throw new IllegalArgumentException("unknown chain version " + event.chainVersion());
        };
    }

    /** What version 2 covers: one JSON object, written canonically (docs/hash-chain.md). */
    public static ObjectNode coveredByVersion2(ChainedEvent event) {
        ObjectNode covered = SlaJson.mapper().createObjectNode();
        covered.put("chain", 2);
        covered.put("previousHash", event.previousHash());
        covered.put("sequence", event.sequence());
        covered.put("type", event.type());
        covered.put("revision", event.revision());
        covered.put("contractId", event.contractId());
        covered.put(
                "party",
                event.actor() == null || event.actor().party() == null
                        ? null
                        : event.actor().party().name());
        covered.put("actor", event.actor() == null ? null : event.actor().actor());
        covered.put("commandId", event.commandId());
        covered.put("occurredAt", text(event.occurredAt()));
        covered.put("receivedAt", text(event.receivedAt()));
        covered.put("contractVersion", event.contractVersion());
        covered.set("payload", event.payload());
        return covered;
    }

    /** Version 1, for events stored before version 2 existed. */
    public static String link(String previousHash, long sequence, String type, JsonNode payload) {
        String input = (previousHash == null ? "" : previousHash)
                + "\n" + sequence
                + "\n" + type
                + "\n" + SlaJson.canonical(payload);
        return sha256(input);
    }

    /**
     * An event record as it will be stored: the tree its serialised JSON reads back into, so that
     * the hash covers exactly the bytes in the event store and never an in-memory form of them.
     * Built by the same serialisers straight into a tree, without writing the bytes and parsing them
     * again (6.6 % of contract-service's samples under load, ADR 0009); {@code HashChainStoredTest} holds its
     * canonical text to that of the bytes read back, for generated events.
     */
    public static JsonNode stored(Object eventRecord) {
        return SlaJson.mapper().valueToTree(eventRecord);
    }

    /**
     * Checks a contract's events, in sequence order, from the first one: dense sequences, each
     * {@code previousHash} the hash before, each hash recomputed by its version's rule, versions
     * never going back, and no text that UTF-8 cannot carry (a lone surrogate would hash like
     * {@code ?}, so two different texts could share a hash).
     */
    public static ChainVerification verify(List<ChainedEvent> events) {
        Verifier verifier = new Verifier();
        for (ChainedEvent event : events) {
            if (!verifier.check(event)) {
                break;
            }
        }
        return verifier.result(events.size());
    }

    /**
     * The same check one event at a time, for a chain read in pages: memory holds the hash before
     * and nothing else. Give it the events in sequence order from the first until it says stop.
     */
    public static final class Verifier {

        private String previous;
        private long expectedSequence;
        private int highestVersion = 1;
        private Long brokenAt;
        private String reason;

        /** Checks the next event; false once the chain is broken (the rest need not be read). */
        public boolean check(ChainedEvent event) {
            if (brokenAt != null) {
                return false;
            }
            String fault = fault(event);
            if (fault != null) {
                brokenAt = expectedSequence;
                reason = fault;
                return false;
            }
            highestVersion = event.chainVersion();
            previous = event.hash();
            expectedSequence++;
            return true;
        }

        /**
         * The next event could not be read from where it is stored ({@code why}): the chain breaks
         * there, unless it broke before.
         */
        public void unreadable(String why) {
            if (brokenAt == null) {
                brokenAt = expectedSequence;
                reason = "the event cannot be read: " + why;
            }
        }

        /** The outcome, with {@code eventsInChain} as the number of events of the contract. */
        public ChainVerification result(int eventsInChain) {
            return brokenAt == null
                    ? ChainVerification.intact(eventsInChain, previous)
                    : ChainVerification.brokenAt(brokenAt, eventsInChain, reason);
        }

        private String fault(ChainedEvent event) {
            if (event.sequence() != expectedSequence) {
                return "expected sequence " + expectedSequence + " but found " + event.sequence();
            }
            if (event.chainVersion() < 1 || event.chainVersion() > CURRENT_VERSION) {
                return "unknown chain version " + event.chainVersion();
            }
            if (event.chainVersion() < highestVersion) {
                return "chain version goes back from " + highestVersion + " to " + event.chainVersion();
            }
            if (event.payload() == null || event.payload().isNull()) {
                return "the event carries no payload";
            }
            if (!sameHash(previous, event.previousHash())) {
                return "previousHash does not match the hash of the event before";
            }
            String unstorable = loneSurrogate(event.chainVersion() == 1 ? event.payload() : coveredByVersion2(event));
            if (unstorable != null) {
                return unstorable;
            }
            if (!hash(event.withHashes(previous, null)).equals(event.hash())) {
                return "hash does not match the event's content";
            }
            return null;
        }
    }

    private static String loneSurrogate(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return InputLimits.loneSurrogateAt(node.asString()) < 0
                    ? null
                    : "holds a lone surrogate, which the service never stores";
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String problem = InputLimits.loneSurrogateAt(member.getKey()) < 0
                    ? loneSurrogate(member.getValue())
                    : "holds a lone surrogate, which the service never stores";
            if (problem != null) {
                return problem;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String problem = loneSurrogate(item);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
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
