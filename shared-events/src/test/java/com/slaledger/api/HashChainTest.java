package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.hash.ChainVerification;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.json.SlaJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class HashChainTest {

    @Test
    void theCanonicalFormSortsMembersAndNormalisesNumbers() {
        JsonNode node = SlaJson.mapper().readTree("{\"b\": 2.50, \"a\": {\"z\": 1E+2, \"y\": [true, null, \"é\\n\"]}}");
        assertThat(SlaJson.canonical(node)).isEqualTo("{\"a\":{\"y\":[true,null,\"é\\n\"],\"z\":100},\"b\":2.5}");
    }

    @Test
    void theHashIsSha256OverPreviousHashSequenceTypeAndCanonicalPayload() {
        JsonNode payload = SlaJson.mapper().readTree("{\"x\":1}");
        // computed independently with: printf '\n0\nT\n{"x":1}' | sha256sum
        assertThat(HashChain.link(null, 0, "T", payload))
                .isEqualTo("3c98bd9252918e8e868e66d0fd5f56ef98601451c80f7bf74176c8da4996a772");
    }

    @Test
    void anIntactChainVerifies() {
        List<ChainedEvent> chain = chainOf(3);
        ChainVerification result = HashChain.verify(chain);
        assertThat(result.valid()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(3);
        assertThat(result.lastHash()).isEqualTo(chain.get(2).hash());
    }

    @Test
    void anAlteredPayloadBreaksTheChainAtThatEvent() {
        List<ChainedEvent> chain = chainOf(3);
        ChainedEvent second = chain.get(1);
        ObjectNode altered = ((ObjectNode) second.payload()).deepCopy().put("n", 99);
        chain.set(1, new ChainedEvent(1, second.type(), altered, second.previousHash(), second.hash()));
        ChainVerification result = HashChain.verify(chain);
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(1);
        assertThat(result.reason()).contains("content");
    }

    @Test
    void aMissingEventBreaksTheChain() {
        List<ChainedEvent> chain = chainOf(3);
        chain.remove(1);
        ChainVerification result = HashChain.verify(chain);
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenAtSequence()).isEqualTo(1);
    }

    private static List<ChainedEvent> chainOf(int size) {
        List<ChainedEvent> chain = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < size; i++) {
            JsonNode payload = SlaJson.mapper().createObjectNode().put("n", i);
            String hash = HashChain.link(previous, i, "Thing", payload);
            chain.add(new ChainedEvent(i, "Thing", payload, previous, hash));
            previous = hash;
        }
        return chain;
    }
}
