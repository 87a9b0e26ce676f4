package com.slaledger.verifier;

import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.hash.SignedHead;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Checks an exported bundle and trusts nothing in it: every event belongs to the contract and is in
 * the form the service stores; the hash chain is unbroken from sequence 0; every version the events
 * reach is in the bundle, and each version's contract is what folding the events up to it gives
 * (the service's own fold, {@link ContractFold}); the signed head names the bundle's last event,
 * and, given the service's public key, its signature verifies.
 */
public final class BundleVerifier {

    private BundleVerifier() {}

    /**
     * The outcome: {@code valid}, what was checked, where and why it breaks, and what is known of the
     * head: {@code headSignedBy} is the key id that verified it, null when no key was given.
     */
    public record Report(
            boolean valid,
            int eventsChecked,
            int versionsChecked,
            Long brokenAtSequence,
            String reason,
            String headHash,
            String headSignedBy) {

        static Report broken(int events, Long sequence, String reason) {
            return new Report(false, events, 0, sequence, reason, null, null);
        }
    }

    public static Report verify(ExportBundle bundle) {
        return verify(bundle, null);
    }

    /**
     * {@code bundle} as read from {@code written}, its text: a member the format does not define is
     * refused wherever it stands, since nothing checks what it says (an event's {@code "verified":
     * true}, say), and the reader would take it as part of the record. Then as {@link #verify(ExportBundle,
     * PublicKey)}.
     */
    public static Report verify(ExportBundle bundle, JsonNode written, PublicKey publicKey) {
        String undefined = undefinedMember(SlaJson.mapper().valueToTree(bundle), written, "");
        if (undefined != null) {
            return Report.broken(
                    0, null, "the bundle holds " + undefined + ", which its format does not define; nothing checks it");
        }
        return verify(bundle, publicKey);
    }

    /** The path of the first non-null member of {@code written} that {@code read} does not have. */
    static String undefinedMember(JsonNode read, JsonNode written, String path) {
        if (read == null || written == null) {
            return null;
        }
        if (read.isObject() && written.isObject()) {
            for (Map.Entry<String, JsonNode> member : written.properties()) {
                String at = path + "/" + member.getKey();
                if (!read.has(member.getKey())) {
                    if (!member.getValue().isNull()) {
                        return at;
                    }
                    continue;
                }
                String inside = undefinedMember(read.get(member.getKey()), member.getValue(), at);
                if (inside != null) {
                    return inside;
                }
            }
        } else if (read.isArray() && written.isArray()) {
            for (int i = 0; i < Math.min(read.size(), written.size()); i++) {
                String inside = undefinedMember(read.get(i), written.get(i), path + "/" + i);
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    /** With {@code publicKey}, the bundle must carry a head signed by that key. */
    public static Report verify(ExportBundle bundle, PublicKey publicKey) {
        if (!ExportBundle.FORMAT.equals(bundle.format())) {
            return Report.broken(
                    0, null, "unknown bundle format " + bundle.format() + "; expected " + ExportBundle.FORMAT);
        }
        if (bundle.events() == null || bundle.events().isEmpty()) {
            return Report.broken(0, null, "the bundle holds no events");
        }
        for (EventEnvelope event : bundle.events()) {
            if (!bundle.contractId().equals(event.contractId())) {
                return Report.broken(0, event.sequence(), "event belongs to contract " + event.contractId());
            }
            String unstored = storedFormProblem(event);
            if (unstored != null) {
                return Report.broken(0, event.sequence(), unstored);
            }
        }
        ChainVerification chain =
                HashChain.verify(bundle.events().stream().map(ChainedEvent::of).toList());
        if (!chain.valid()) {
            return Report.broken(chain.eventsChecked(), chain.brokenAtSequence(), chain.reason());
        }
        Report versions = checkVersions(bundle, chain);
        if (!versions.valid()) {
            return versions;
        }
        return checkHead(bundle, chain, versions.versionsChecked(), publicKey);
    }

    /**
     * The payload must be a fixed point of the service's own reading and writing: an amount
     * written {@code 1E+4}, an unknown member or a wrong type is not what the service stores.
     */
    private static String storedFormProblem(EventEnvelope envelope) {
        ContractEvent event;
        try {
            event = envelope.event();
        } catch (RuntimeException e) {
            return "the payload is not a " + envelope.type() + " the service knows: " + e.getMessage();
        }
        if (!SlaJson.canonical(envelope.payload()).equals(SlaJson.canonical(HashChain.stored(event)))) {
            return "the payload is not in the form the service stores it (decimals, members or types differ)";
        }
        return null;
    }

    /** Folds the events and compares every version's contract in the bundle with the fold's. */
    private static Report checkVersions(ExportBundle bundle, ChainVerification chain) {
        Map<Long, ExportBundle.VersionSnapshot> snapshots = new HashMap<>();
        for (ExportBundle.VersionSnapshot snapshot : bundle.versions()) {
            if (snapshots.put(snapshot.sequence(), snapshot) != null) {
                return Report.broken(
                        chain.eventsChecked(),
                        snapshot.sequence(),
                        "the bundle shows more than one version reached at sequence " + snapshot.sequence());
            }
        }
        ContractView view = null;
        int checked = 0;
        for (EventEnvelope envelope : bundle.events()) {
            String before = view == null ? null : view.version();
            view = ContractFold.apply(view, envelope);
            ExportBundle.VersionSnapshot snapshot = snapshots.remove(envelope.sequence());
            boolean reachesVersion = view.version() != null && !view.version().equals(before);
            if (snapshot == null) {
                if (reachesVersion) {
                    return Report.broken(
                            chain.eventsChecked(),
                            envelope.sequence(),
                            "version " + view.version() + ", reached here, is missing from the bundle");
                }
                continue;
            }
            if (!reachesVersion || !snapshot.version().equals(view.version())) {
                return Report.broken(
                        chain.eventsChecked(),
                        snapshot.sequence(),
                        "version " + snapshot.version() + " is not what event " + snapshot.sequence() + " reached");
            }
            // When it was reached is when the service received the command that reached it, which the
            // chain covers (ContractFold.Stamp); the store's recordedAt is not covered.
            Instant reached = ContractFold.Stamp.of(envelope).at();
            if (!reached.equals(snapshot.reachedAt())) {
                return Report.broken(
                        chain.eventsChecked(),
                        snapshot.sequence(),
                        "version " + snapshot.version() + " says it was reached at " + snapshot.reachedAt()
                                + ", but the service received event " + snapshot.sequence() + "'s command at "
                                + reached);
            }
            // A version shows the contract's clauses and totals; its breaches are in the events (ADR 0015).
            String difference =
                    firstDifference(SlaJson.mapper().valueToTree(view.withoutBreaches()), snapshot.contract(), "");
            if (difference != null) {
                return Report.broken(
                        chain.eventsChecked(),
                        snapshot.sequence(),
                        "the contract shown for version " + snapshot.version()
                                + " is not what its events make it: it differs at " + difference);
            }
            checked++;
        }
        if (!snapshots.isEmpty()) {
            ExportBundle.VersionSnapshot stray = snapshots.values().iterator().next();
            return Report.broken(
                    chain.eventsChecked(),
                    stray.sequence(),
                    "version " + stray.version() + " names sequence " + stray.sequence()
                            + ", which is not in the bundle");
        }
        return new Report(true, chain.eventsChecked(), checked, null, null, chain.lastHash(), null);
    }

    private static Report checkHead(
            ExportBundle bundle, ChainVerification chain, int versionsChecked, PublicKey publicKey) {
        Report intact = new Report(true, chain.eventsChecked(), versionsChecked, null, null, chain.lastHash(), null);
        SignedHead head = bundle.head();
        long last = bundle.events().get(bundle.events().size() - 1).sequence();
        if (head == null) {
            return publicKey == null
                    ? intact
                    : Report.broken(chain.eventsChecked(), null, "the bundle carries no signed head");
        }
        if (!bundle.contractId().equals(head.contractId())
                || head.lastSequence() != last
                || !Objects.equals(head.hash(), chain.lastHash())) {
            return Report.broken(
                    chain.eventsChecked(),
                    Math.min(last, head.lastSequence()) + 1,
                    "the bundle ends at sequence " + last + " but its signed head says " + head.lastSequence()
                            + " with hash " + head.hash() + ": events were cut off, added or replaced at the end");
        }
        if (!Objects.equals(bundle.exportedAt(), head.exportedAt())) {
            return Report.broken(
                    chain.eventsChecked(),
                    null,
                    "the bundle says it was exported at " + bundle.exportedAt() + ", its signed head at "
                            + head.exportedAt());
        }
        if (publicKey == null) {
            return intact;
        }
        if (!head.isSignedBy(publicKey)) {
            return Report.broken(
                    chain.eventsChecked(),
                    null,
                    "the head's signature does not verify with the given public key (key "
                            + SigningKeys.keyId(publicKey) + "; the head names key " + head.keyId() + ")");
        }
        return new Report(
                true,
                chain.eventsChecked(),
                versionsChecked,
                null,
                null,
                chain.lastHash(),
                SigningKeys.keyId(publicKey));
    }

    /** The path of the first place where two JSON values differ, or null when they are equal. */
    static String firstDifference(JsonNode expected, JsonNode actual, String path) {
        if (expected == null || actual == null) {
            return expected == actual ? null : (path.isEmpty() ? "/" : path);
        }
        if (expected.isObject() && actual.isObject()) {
            for (Map.Entry<String, JsonNode> member : expected.properties()) {
                String difference =
                        firstDifference(member.getValue(), actual.get(member.getKey()), path + "/" + member.getKey());
                if (difference != null) {
                    return difference;
                }
            }
            for (Map.Entry<String, JsonNode> member : actual.properties()) {
                if (!expected.has(member.getKey())) {
                    return path + "/" + member.getKey();
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String difference = firstDifference(expected.get(i), actual.get(i), path + "/" + i);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return SlaJson.canonical(expected).equals(SlaJson.canonical(actual)) ? null : (path.isEmpty() ? "/" : path);
    }
}
