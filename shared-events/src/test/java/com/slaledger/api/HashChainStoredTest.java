package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.hash.HashChain;
import com.slaledger.api.json.SlaJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link HashChain#stored} must be, canonically, what the event's stored bytes read back into: the
 * chain covers the bytes in the event store, not an in-memory form of them. Checked for every
 * sample event with its text and number fields replaced by generated values (text of any
 * character a command may carry, decimals of any scale and exponent).
 */
class HashChainStoredTest {

    private static final List<ContractEvent> EVENTS = Samples.events();

    @Property(tries = 2_000)
    void anEventCoversWhatItsStoredBytesReadBackInto(
            @ForAll @IntRange(min = 0, max = 10_000) int which,
            @ForAll("texts") List<String> texts,
            @ForAll("numbers") List<BigDecimal> numbers) {
        ContractEvent sample = EVENTS.get(which % EVENTS.size());
        ObjectNode json =
                (ObjectNode) SlaJson.mapper().readTree(SlaJson.mapper().writeValueAsBytes(sample));
        int replaced = replaceLeaves(json, json, sample.getClass(), texts, numbers, new int[2]);
        Statistics.collect(replaced == 0 ? "no field replaced" : "fields replaced");
        Statistics.coverage(coverage -> coverage.check("fields replaced").percentage(share -> share > 75));
        ContractEvent event = SlaJson.mapper().treeToValue(json, sample.getClass());

        JsonNode readBack = SlaJson.mapper().readTree(SlaJson.mapper().writeValueAsBytes(event));

        assertThat(SlaJson.canonical(HashChain.stored(event))).isEqualTo(SlaJson.canonical(readBack));
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(40),
                        Arbitraries.of("", " ", "é\n\t\"\\", "\u2028\u0000", "😀 emoji", "1E+2", "null"))
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<BigDecimal>> numbers() {
        return Arbitraries.oneOf(
                        Arbitraries.bigDecimals()
                                .between(BigDecimal.ZERO, new BigDecimal("1000000"))
                                .ofScale(3),
                        Arbitraries.integers()
                                .between(-3, 5)
                                .map(scale -> new BigDecimal("12.5").setScale(scale, java.math.RoundingMode.HALF_UP)),
                        Arbitraries.of(
                                new BigDecimal("1E+3"),
                                new BigDecimal("0E-5"),
                                new BigDecimal("99.50"),
                                new BigDecimal("100.000"),
                                BigDecimal.ZERO,
                                new BigDecimal("0.1")))
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    /**
     * Replaces each text and number under {@code node}, in order, by the next generated one where
     * the event still reads with it (ids, instants and enum names mostly do not); how many it kept.
     */
    private static int replaceLeaves(
            ObjectNode root, JsonNode node, Class<?> type, List<String> texts, List<BigDecimal> numbers, int[] next) {
        int replaced = 0;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : new ArrayList<>(object.properties())) {
                JsonNode value = member.getValue();
                JsonNode generated = value.isString()
                        ? JsonNodeFactory.instance.stringNode(texts.get(next[0]++ % texts.size()))
                        : value.isNumber()
                                ? JsonNodeFactory.instance.numberNode(numbers.get(next[1]++ % numbers.size()))
                                : null;
                if (generated == null) {
                    replaced += replaceLeaves(root, value, type, texts, numbers, next);
                    continue;
                }
                object.set(member.getKey(), generated);
                if (reads(root, type)) {
                    replaced++;
                } else {
                    object.set(member.getKey(), value);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                replaced += replaceLeaves(root, item, type, texts, numbers, next);
            }
        }
        return replaced;
    }

    private static boolean reads(JsonNode json, Class<?> type) {
        try {
            SlaJson.mapper().treeToValue(json, type);
            return true;
        } catch (JacksonException | IllegalArgumentException refused) {
            return false;
        }
    }
}
