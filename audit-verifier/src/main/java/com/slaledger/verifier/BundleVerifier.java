package com.slaledger.verifier;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks an exported bundle: every event belongs to the contract, the hash chain is unbroken from
 * sequence 0, and every version snapshot points at the event that reached that version.
 */
public final class BundleVerifier {

    private BundleVerifier() {}

    /** The outcome: {@code valid}, what was checked, and where and why it breaks. */
    public record Report(
            boolean valid,
            int eventsChecked,
            int versionsChecked,
            Long brokenAtSequence,
            String reason,
            String headHash) {

        static Report broken(int events, Long sequence, String reason) {
            return new Report(false, events, 0, sequence, reason, null);
        }
    }

    public static Report verify(ExportBundle bundle) {
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
        }
        ChainVerification chain =
                HashChain.verify(bundle.events().stream().map(ChainedEvent::of).toList());
        if (!chain.valid()) {
            return Report.broken(chain.eventsChecked(), chain.brokenAtSequence(), chain.reason());
        }
        Map<Long, EventEnvelope> bySequence =
                bundle.events().stream().collect(Collectors.toMap(EventEnvelope::sequence, Function.identity()));
        int versions = 0;
        for (ExportBundle.VersionSnapshot snapshot : bundle.versions()) {
            EventEnvelope reached = bySequence.get(snapshot.sequence());
            if (reached == null || !snapshot.version().equals(reached.contractVersion())) {
                return Report.broken(
                        chain.eventsChecked(),
                        snapshot.sequence(),
                        "version " + snapshot.version() + " is not what event " + snapshot.sequence() + " reached");
            }
            if (snapshot.contract() == null
                    || !bundle.contractId()
                            .equals(snapshot.contract().path("contractId").asString(null))
                    || !snapshot.version()
                            .equals(snapshot.contract().path("version").asString(null))
                    || snapshot.contract().path("lastSequence").asLong(-1) != snapshot.sequence()) {
                return Report.broken(
                        chain.eventsChecked(),
                        snapshot.sequence(),
                        "the contract shown for version " + snapshot.version() + " does not match its event");
            }
            versions++;
        }
        return new Report(true, chain.eventsChecked(), versions, null, null, chain.lastHash());
    }
}
