package com.slaledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.hash.SignedHead;
import com.slaledger.api.hash.SigningKeys;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AuditVerifierTest {

    private static final KeyPair SERVICE_KEY = SigningKeys.generate();
    private static final Instant EXPORTED_AT = Instant.parse("2027-01-01T00:00:00Z");

    @TempDir
    Path folder;

    /** A bundle as the service exports it: the contract at every version it reached, and a signed head. */
    private static ExportBundle bundle(List<EventEnvelope> events) {
        return withHead(unsigned(events), events.get(events.size() - 1), SERVICE_KEY);
    }

    private static ExportBundle unsigned(List<EventEnvelope> events) {
        List<ExportBundle.VersionSnapshot> versions = new ArrayList<>();
        ContractView view = null;
        for (EventEnvelope e : events) {
            String before = view == null ? null : view.version();
            view = ContractFold.apply(view, e);
            if (view.version() != null && !view.version().equals(before)) {
                versions.add(new ExportBundle.VersionSnapshot(
                        view.version(),
                        e.sequence(),
                        ContractFold.Stamp.of(e).at(),
                        // as the projection shows a version: clauses and totals, no breaches (ADR 0015)
                        SlaJson.mapper().valueToTree(view.withoutBreaches())));
            }
        }
        return new ExportBundle(ExportBundle.FORMAT, "V-1", EXPORTED_AT, events, versions, null);
    }

    private static ExportBundle withHead(ExportBundle bundle, EventEnvelope last, KeyPair key) {
        SignedHead head = SignedHead.sign(
                last.contractId(),
                last.sequence(),
                last.hash(),
                EXPORTED_AT,
                key.getPrivate(),
                SigningKeys.keyId(key.getPublic()));
        return new ExportBundle(
                bundle.format(), bundle.contractId(), bundle.exportedAt(), bundle.events(), bundle.versions(), head);
    }

    private static List<EventEnvelope> story() {
        return new ArrayList<>(Story.toTwoPointZero("V-1", "acme", "hostco")
                .satisfaction("2027-01", 8, true)
                .envelopes());
    }

    /** What someone who can edit the export but lacks the key can do: recompute every hash from 0. */
    private static List<EventEnvelope> rechained(List<EventEnvelope> events) {
        List<EventEnvelope> out = new ArrayList<>();
        String previous = null;
        for (EventEnvelope e : events) {
            EventEnvelope linked = e.withPreviousHash(previous).withHash(null);
            previous = HashChain.hash(ChainedEvent.of(linked));
            out.add(linked.withHash(previous));
        }
        return out;
    }

    private String run(ExportBundle bundle, int expectedExit) throws IOException {
        return run(bundle, expectedExit, SERVICE_KEY);
    }

    private String run(ExportBundle bundle, int expectedExit, KeyPair key) throws IOException {
        Path file = folder.resolve("bundle.json");
        // a lone surrogate can only be written escaped, as it would be in a real file
        Files.writeString(file, SlaJson.mapper().writeValueAsString(bundle).replace("\uD800", "\\ud800"));
        return runFile(file, expectedExit, key);
    }

    private String runFile(Path file, int expectedExit, KeyPair key) throws IOException {
        String[] args = new String[] {"verify", file.toString()};
        if (key != null) {
            Path pem = folder.resolve("key.pem");
            Files.writeString(pem, SigningKeys.pem(key.getPublic()));
            args = new String[] {"verify", "--public-key", pem.toString(), file.toString()};
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(expectedExit);
        return printed;
    }

    @Test
    void anIntactBundleIsValidAndItsHeadSignedByTheServicesKey() throws IOException {
        assertThat(run(bundle(story()), 0))
                .startsWith("VALID V-1: 11 events, 2 versions")
                .contains("head signed by key " + SigningKeys.keyId(SERVICE_KEY.getPublic()));
    }

    @Test
    void withoutAKeyTheHeadIsCheckedAgainstTheEventsButNotItsSignature() throws IOException {
        assertThat(run(bundle(story()), 0, null)).contains("head signature not checked");
    }

    @Test
    void oneAlteredByteIsFoundAtItsEvent() throws IOException {
        ExportBundle intact = bundle(story());
        Path file = folder.resolve("bundle.json");
        Files.writeString(file, SlaJson.mapper().writeValueAsString(intact));
        String json = Files.readString(file);
        Files.writeString(file, json.replaceFirst("99\\.8 % a month", "99.9 % a month"));

        assertThat(runFile(file, 1, SERVICE_KEY)).contains("BROKEN V-1 at sequence 1", "content");
    }

    @Test
    void anAlteredActorIsFoundAtItsEvent() throws IOException {
        ExportBundle intact = bundle(story());
        Path file = folder.resolve("bundle.json");
        Files.writeString(file, SlaJson.mapper().writeValueAsString(intact));
        String json = Files.readString(file);
        Files.writeString(file, json.replaceFirst("supplier@example", "client@example"));

        assertThat(runFile(file, 1, SERVICE_KEY)).contains("BROKEN V-1 at sequence", "content");
    }

    @Test
    void twoReorderedEventsAreFound() throws IOException {
        List<EventEnvelope> events = story();
        EventEnvelope third = events.get(3);
        events.set(3, events.get(4));
        events.set(4, third);
        assertThat(run(bundle(events), 1)).contains("BROKEN V-1 at sequence 3");
    }

    @Test
    void aDeletedEventIsFound() throws IOException {
        List<EventEnvelope> events = story();
        events.remove(6);
        assertThat(run(bundle(events), 1)).contains("BROKEN V-1 at sequence 6");
    }

    @Test
    void aBundleCutShortAtTheTailIsFoundByItsSignedHead() throws IOException {
        List<EventEnvelope> events = story();
        ExportBundle signed = bundle(events);
        List<EventEnvelope> cut = events.subList(0, events.size() - 1);
        ExportBundle truncated =
                new ExportBundle(signed.format(), "V-1", signed.exportedAt(), cut, signed.versions(), signed.head());

        assertThat(run(truncated, 1)).contains("BROKEN V-1 at sequence 10", "ends at sequence 9", "says 10");
    }

    @Test
    void aBundleExtendedAtTheTailIsFoundByItsSignedHead() throws IOException {
        List<EventEnvelope> events = story();
        ExportBundle signedEarlier = bundle(events.subList(0, events.size() - 1));
        ExportBundle extended = new ExportBundle(
                signedEarlier.format(),
                "V-1",
                signedEarlier.exportedAt(),
                events,
                signedEarlier.versions(),
                signedEarlier.head());

        assertThat(run(extended, 1)).contains("ends at sequence 10", "says 9");
    }

    @Test
    void aRecomputedChainReSignedWithAnotherKeyIsRefused() throws IOException {
        List<EventEnvelope> events = story();
        ObjectNode forged = ((ObjectNode) events.get(1).payload()).deepCopy();
        forged.put("heading", "Availability, generously");
        events.set(1, events.get(1).withPayload(forged));
        List<EventEnvelope> rechained = rechained(events);
        ExportBundle forgery =
                withHead(unsigned(rechained), rechained.get(rechained.size() - 1), SigningKeys.generate());

        assertThat(run(forgery, 0, null)).as("consistent in itself").contains("VALID");
        assertThat(run(forgery, 1)).contains("signature does not verify with the given public key");
    }

    @Test
    void anUnsignedBundleIsRefusedWhenAKeyIsGiven() throws IOException {
        assertThat(run(unsigned(story()), 1)).contains("carries no signed head");
        assertThat(run(unsigned(story()), 0, null)).contains("no signed head");
    }

    @Test
    void aSnapshotsClauseTextIsRecomputedNotTrusted() throws IOException {
        ExportBundle intact = bundle(story());
        ExportBundle.VersionSnapshot first = intact.versions().get(0);
        ObjectNode contract = ((ObjectNode) first.contract()).deepCopy();
        ((ObjectNode) contract.withArray("clauses").get(0)).put("text", "Whatever the supplier likes.");
        List<ExportBundle.VersionSnapshot> versions = new ArrayList<>(intact.versions());
        versions.set(
                0, new ExportBundle.VersionSnapshot(first.version(), first.sequence(), first.reachedAt(), contract));
        ExportBundle altered =
                new ExportBundle(intact.format(), "V-1", intact.exportedAt(), intact.events(), versions, intact.head());

        assertThat(run(altered, 1)).contains("version 1.0 is not what its events make it", "/clauses/0/text");
    }

    @Test
    void aVersionLeftOutOfTheBundleIsFound() throws IOException {
        ExportBundle intact = bundle(story());
        ExportBundle withoutTheFirst = new ExportBundle(
                intact.format(),
                "V-1",
                intact.exportedAt(),
                intact.events(),
                intact.versions().subList(1, 2),
                intact.head());

        assertThat(run(withoutTheFirst, 1)).contains("version 1.0, reached here, is missing");
    }

    @Test
    void aVersionSnapshotThatDoesNotMatchItsEventIsFound() throws IOException {
        ExportBundle intact = bundle(story());
        ExportBundle.VersionSnapshot wrong = new ExportBundle.VersionSnapshot(
                "2.0",
                intact.versions().get(0).sequence(),
                intact.versions().get(0).reachedAt(),
                intact.versions().get(0).contract());
        List<ExportBundle.VersionSnapshot> versions =
                List.of(wrong, intact.versions().get(1));
        assertThat(run(
                        new ExportBundle(
                                intact.format(), "V-1", intact.exportedAt(), intact.events(), versions, intact.head()),
                        1))
                .contains("version 2.0");
    }

    @Test
    void anAmountInAFormTheServiceNeverStoresIsRefusedEvenWithARecomputedChain() throws IOException {
        List<EventEnvelope> events = story();
        ObjectNode drafted = ((ObjectNode) events.get(0).payload()).deepCopy();
        ((ObjectNode) drafted.get("monthlyFee")).put("amount", "1.000000E+4");
        events.set(0, events.get(0).withPayload(drafted));

        assertThat(run(unsigned(rechained(events)), 1, null))
                .contains("BROKEN V-1 at sequence 0", "not in the form the service stores");
    }

    @Test
    void aLoneSurrogateIsRefusedEvenWithARecomputedChain() throws IOException {
        List<EventEnvelope> events = story();
        ObjectNode drafted = ((ObjectNode) events.get(0).payload()).deepCopy();
        drafted.put("title", "Rented servers \uD800");
        events.set(0, events.get(0).withPayload(drafted));

        assertThat(run(unsigned(rechained(events)), 1, null)).contains("BROKEN V-1 at sequence 0", "lone surrogate");
    }

    @Test
    void anUnreadableFileOrWrongUsageExitsWithTwo() throws IOException {
        Path junk = folder.resolve("junk.json");
        Files.writeString(junk, "{ not json");
        assertThat(runFile(junk, 2, null)).startsWith("UNREADABLE");
        assertThat(AuditVerifier.run(new String[] {"check"}, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
        Path notAKey = folder.resolve("not-a-key.pem");
        Files.writeString(notAKey, "hello");
        assertThat(AuditVerifier.run(
                        new String[] {"verify", "--public-key", notAKey.toString(), junk.toString()},
                        new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }

    private static ExportBundle withVersions(ExportBundle intact, List<ExportBundle.VersionSnapshot> versions) {
        return new ExportBundle(intact.format(), "V-1", intact.exportedAt(), intact.events(), versions, intact.head());
    }

    /**
     * When a version was reached is when the service received the command of its event, a time the
     * chain covers: moved by any amount, in any version, it is found. It was shown as written, so an
     * export could move the day a contract reached 2.0 and still verify.
     */
    @Test
    void aVersionsTimeMovedByAnyAmountIsFound() throws IOException {
        ExportBundle intact = bundle(story());
        record Move(int version, long micros) {}
        List<Move> moves = Combinators.combine(
                        Arbitraries.integers().between(0, intact.versions().size() - 1),
                        Arbitraries.longs()
                                .between(-1_000_000_000_000L, 1_000_000_000_000L)
                                .filter(micros -> micros != 0))
                .as(Move::new)
                .list()
                .ofSize(20)
                .sample();
        for (Move move : moves) {
            List<ExportBundle.VersionSnapshot> versions = new ArrayList<>(intact.versions());
            ExportBundle.VersionSnapshot v = versions.get(move.version());
            versions.set(
                    move.version(),
                    new ExportBundle.VersionSnapshot(
                            v.version(),
                            v.sequence(),
                            v.reachedAt().plus(move.micros(), ChronoUnit.MICROS),
                            v.contract()));

            assertThat(run(withVersions(intact, versions), 1))
                    .as(move.toString())
                    .contains("version " + v.version() + " says it was reached at");
        }
    }

    @Test
    void aVersionShownTwiceIsFound() throws IOException {
        ExportBundle intact = bundle(story());
        List<ExportBundle.VersionSnapshot> versions = new ArrayList<>(intact.versions());
        versions.add(versions.get(versions.size() - 1));

        assertThat(run(withVersions(intact, versions), 1)).contains("more than one version reached at sequence");
    }

    /**
     * A member the format does not define, of any name and value, is found wherever it stands: in the
     * bundle, an event, its actor, a version or the head (nothing checks what it says), and in a
     * payload or a version's contract (not the form the service writes them in).
     */
    @Test
    void aMemberTheFormatDoesNotDefineIsFoundWhereverItStands() throws IOException {
        ExportBundle intact = bundle(story());
        JsonNode tree = SlaJson.mapper().valueToTree(intact);
        List<String> places = List.of("", "/events/0", "/events/4", "/events/4/actor", "/versions/1", "/head");
        List<String> checkedInside = List.of("/events/4/payload", "/versions/0/contract");
        record Extra(String place, String name, String value) {}
        List<Extra> extras = Combinators.combine(
                        Arbitraries.of(concat(places, checkedInside)),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().ofMaxLength(12))
                .as(Extra::new)
                .filter(extra -> !tree.at(extra.place()).has(extra.name()))
                .list()
                .ofSize(30)
                .sample();
        for (Extra extra : extras) {
            ObjectNode altered = (ObjectNode) tree.deepCopy();
            ((ObjectNode) altered.at(extra.place())).put(extra.name(), extra.value());
            Path file = folder.resolve("bundle.json");
            Files.writeString(file, SlaJson.mapper().writeValueAsString(altered));

            String printed = runFile(file, 1, SERVICE_KEY);
            if (places.contains(extra.place())) {
                assertThat(printed).as(extra.toString()).contains("which its format does not define");
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /** The export time the bundle states is the one its head signs. */
    @Test
    void anExportTimeOtherThanTheSignedOneIsFound() throws IOException {
        ExportBundle intact = bundle(story());
        for (long seconds : Arbitraries.longs()
                .between(-3_000_000_000L, 3_000_000_000L)
                .filter(s -> s != 0)
                .list()
                .ofSize(10)
                .sample()) {
            ExportBundle altered = new ExportBundle(
                    intact.format(),
                    "V-1",
                    EXPORTED_AT.plusSeconds(seconds),
                    intact.events(),
                    intact.versions(),
                    intact.head());

            assertThat(run(altered, 1)).as("%d s", seconds).contains("its signed head at " + EXPORTED_AT);
        }
    }
}
