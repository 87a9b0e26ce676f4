package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.json.SlaJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class HashChainTest {

    /** The test vectors of docs/hash-chain.md, computed there with printf and sha256sum. */
    private static final String FIRST_V2 = "b8131bd7e8f7a37f51ab5c14979249be0804ef152a8a0817ce61ba9e48429808";

    private static final String SECOND_V2 = "7bfc74617db197774c59b3fa4f5b9f110cb84bcaa3de90ac7323bd9003d81b66";

    @Test
    void theCanonicalFormSortsMembersAndNormalisesNumbers() {
        JsonNode node = SlaJson.mapper().readTree("{\"b\": 2.50, \"a\": {\"z\": 1E+2, \"y\": [true, null, \"é\\n\"]}}");
        assertThat(SlaJson.canonical(node)).isEqualTo("{\"a\":{\"y\":[true,null,\"é\\n\"],\"z\":100},\"b\":2.5}");
    }

    @Test
    void versionOneIsSha256OverPreviousHashSequenceTypeAndCanonicalPayload() {
        JsonNode payload = SlaJson.mapper().readTree("{\"x\":1}");
        // computed independently with: printf '\n0\nT\n{"x":1}' | sha256sum
        assertThat(HashChain.link(null, 0, "T", payload))
                .isEqualTo("3c98bd9252918e8e868e66d0fd5f56ef98601451c80f7bf74176c8da4996a772");
    }

    @Test
    void versionTwoMatchesTheDocumentedTestVectors() {
        assertThat(HashChain.hash(first())).isEqualTo(FIRST_V2);
        assertThat(HashChain.hash(second(FIRST_V2))).isEqualTo(SECOND_V2);
        assertThat(HashChain.verify(List.of(
                                first().withHashes(null, FIRST_V2),
                                second(FIRST_V2).withHashes(FIRST_V2, SECOND_V2)))
                        .lastHash())
                .isEqualTo(SECOND_V2);
    }

    @Test
    void versionTwoCoversOneCanonicalObject() {
        assertThat(SlaJson.canonical(HashChain.coveredByVersion2(second(FIRST_V2))))
                .isEqualTo(
                        "{\"actor\":\"sla-ledger/review-scanner\",\"chain\":2,"
                                + "\"commandId\":\"sla-ledger/review-due/C-1/c-7/2027-03-01\",\"contractId\":\"C-1\","
                                + "\"contractVersion\":\"1.0\",\"occurredAt\":\"2027-03-01T00:00:00.250Z\",\"party\":null,"
                                + "\"payload\":{\"amount\":\"10000\",\"note\":\"é\\n\"},\"previousHash\":\"" + FIRST_V2
                                + "\",\"receivedAt\":\"2027-03-01T00:00:00.250Z\",\"revision\":2,\"sequence\":1,\"type\":\"U\"}");
    }

    static Stream<Named<UnaryOperator<ChainedEvent>>> tamperings() {
        return Stream.of(
                Named.of("type", e -> e.withType("V")),
                Named.of("revision", e -> e.withRevision(3)),
                Named.of("contractId", e -> e.withContractId("C-2")),
                Named.of(
                        "party",
                        e -> e.withActor(new Actor(Party.SUPPLIER, e.actor().actor()))),
                Named.of("actor", e -> e.withActor(new Actor(e.actor().party(), "mallory@example"))),
                Named.of("commandId", e -> e.withCommandId("cmd-2")),
                Named.of("occurredAt", e -> e.withOccurredAt(e.occurredAt().minusSeconds(86_400))),
                Named.of("receivedAt", e -> e.withReceivedAt(e.receivedAt().plusMillis(1))),
                Named.of("contractVersion", e -> e.withContractVersion("2.0")),
                Named.of(
                        "payload",
                        e -> e.withPayload(((ObjectNode) e.payload()).deepCopy().put("x", 2))),
                Named.of("downgrade to version 1", e -> e.withChainVersion(1)),
                Named.of("payload left out", e -> e.withPayload(null)),
                Named.of("payload null", e -> e.withPayload(SlaJson.mapper().nullNode())));
    }

    /** Every field version 2 covers: changed in an export, the chain no longer verifies at that event. */
    @ParameterizedTest
    @MethodSource("tamperings")
    void changingAnyCoveredFieldBreaksTheChainAtThatEvent(UnaryOperator<ChainedEvent> tamper) {
        List<ChainedEvent> chain = versionTwoChainOf(3);
        chain.set(1, tamper.apply(chain.get(1)));

        ChainVerification result = HashChain.verify(chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(1);
    }

    @Test
    void aRecomputedDowngradeToVersionOneIsRefused() {
        List<ChainedEvent> chain = versionTwoChainOf(3);
        ChainedEvent last = chain.get(2);
        ChainedEvent downgraded = ChainedEvent.v1(2, last.type(), last.payload(), last.previousHash(), null);
        chain.set(2, downgraded.withHashes(last.previousHash(), HashChain.hash(downgraded)));

        ChainVerification result = HashChain.verify(chain);

        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("goes back from 2 to 1");
    }

    @Test
    void aLoneSurrogateIsRefusedEvenWhenTheHashMatches() {
        // UTF-8 carries a lone surrogate as '?', so "\uD800" and "?" would hash alike.
        ObjectNode payload = SlaJson.mapper().createObjectNode().put("note", "\uD800");
        ChainedEvent event = ChainedEvent.v1(0, "T", payload, null, null);
        event = event.withHashes(null, HashChain.hash(event));

        ChainVerification result = HashChain.verify(List.of(event));

        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("lone surrogate");
    }

    @Test
    void anIntactChainOfEitherVersionVerifies() {
        List<ChainedEvent> chain = versionOneChainOf(3);
        chain.addAll(versionTwoChainOf(5).subList(3, 5));
        // relink the version 2 tail onto the version 1 head, as happens when a contract outlives an upgrade
        String previous = chain.get(2).hash();
        for (int i = 3; i < 5; i++) {
            ChainedEvent linked = chain.get(i).withHashes(previous, null);
            previous = HashChain.hash(linked);
            chain.set(i, linked.withHashes(linked.previousHash(), previous));
        }

        ChainVerification result = HashChain.verify(chain);

        assertThat(result.valid()).as(result.reason()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(5);
        assertThat(result.lastHash()).isEqualTo(chain.get(4).hash());
    }

    @Test
    void anAlteredPayloadBreaksAVersionOneChainAtThatEvent() {
        List<ChainedEvent> chain = versionOneChainOf(3);
        ChainedEvent second = chain.get(1);
        ObjectNode altered = ((ObjectNode) second.payload()).deepCopy().put("n", 99);
        chain.set(1, ChainedEvent.v1(1, second.type(), altered, second.previousHash(), second.hash()));
        ChainVerification result = HashChain.verify(chain);
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(1);
        assertThat(result.reason()).contains("content");
    }

    @Test
    void aMissingEventBreaksTheChain() {
        List<ChainedEvent> chain = versionTwoChainOf(3);
        chain.remove(1);
        ChainVerification result = HashChain.verify(chain);
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(1);
    }

    private static ChainedEvent first() {
        return new ChainedEvent(
                2,
                0,
                "T",
                1,
                "C-1",
                new Actor(Party.CLIENT, "ann@example"),
                "cmd-1",
                Instant.parse("2027-01-01T09:00:00Z"),
                Instant.parse("2027-01-01T09:00:01Z"),
                null,
                SlaJson.mapper().readTree("{\"x\":1}"),
                null,
                null);
    }

    private static ChainedEvent second(String previousHash) {
        Instant at = Instant.parse("2027-03-01T00:00:00.250Z");
        return new ChainedEvent(
                2,
                1,
                "U",
                2,
                "C-1",
                Actor.system("sla-ledger/review-scanner"),
                "sla-ledger/review-due/C-1/c-7/2027-03-01",
                at,
                at,
                "1.0",
                SlaJson.mapper().readTree("{\"note\":\"é\\n\",\"amount\":\"10000\"}"),
                previousHash,
                null);
    }

    private static List<ChainedEvent> versionTwoChainOf(int size) {
        List<ChainedEvent> chain = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < size; i++) {
            ChainedEvent event = new ChainedEvent(
                    2,
                    i,
                    "Thing",
                    1,
                    "C-1",
                    new Actor(Party.CLIENT, "ann@example"),
                    "cmd-" + i,
                    Instant.parse("2027-01-01T09:00:00Z").plusSeconds(i),
                    Instant.parse("2027-01-01T09:00:01Z").plusSeconds(i),
                    "1." + i,
                    SlaJson.mapper().createObjectNode().put("x", i),
                    previous,
                    null);
            String hash = HashChain.hash(event);
            chain.add(event.withHashes(previous, hash));
            previous = hash;
        }
        return chain;
    }

    private static List<ChainedEvent> versionOneChainOf(int size) {
        List<ChainedEvent> chain = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < size; i++) {
            JsonNode payload = SlaJson.mapper().createObjectNode().put("n", i);
            String hash = HashChain.link(previous, i, "Thing", payload);
            chain.add(ChainedEvent.v1(i, "Thing", payload, previous, hash));
            previous = hash;
        }
        return chain;
    }
}
