package com.slaledger.api.event;

import com.slaledger.api.hash.SignedHead;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A contract's self-contained, offline-verifiable record: every event envelope with its hashes, and
 * the contract as it stood at every version. Format described in {@code docs/bundle-format.md};
 * checked by {@code audit-verifier} without a database or a running service. {@code head} is the
 * chain's last sequence and hash at export, signed with the service's Ed25519 key, so that a bundle
 * cut short or extended is found; null on bundles exported before it existed.
 */
public record ExportBundle(
        String format,
        String contractId,
        Instant exportedAt,
        List<EventEnvelope> events,
        List<VersionSnapshot> versions,
        SignedHead head) {

    public static final String FORMAT = "sla-ledger-bundle/1";

    /** The contract when it reached {@code version}, after the event with {@code sequence}. */
    public record VersionSnapshot(String version, long sequence, Instant reachedAt, JsonNode contract) {}
}
