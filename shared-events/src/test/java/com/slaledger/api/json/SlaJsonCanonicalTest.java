package com.slaledger.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical text quotes strings itself, for speed; the hash chain's bytes must not change by
 * it, so every string and member name is written exactly as the shared mapper writes it.
 */
class SlaJsonCanonicalTest {

    @Property(tries = 2_000)
    void aStringIsQuotedAsTheMapperQuotesIt(@ForAll("texts") String text) {
        StringBuilder out = new StringBuilder();
        SlaJson.appendQuoted(text, out);

        assertThat(out.toString()).isEqualTo(SlaJson.mapper().writeValueAsString(text));
    }

    @Property(tries = 500)
    void memberNamesAndValuesInTheCanonicalTextAreTheMappersToo(
            @ForAll("texts") String name, @ForAll("texts") String value) {
        ObjectNode node = SlaJson.mapper().createObjectNode();
        node.put(name, value);

        assertThat(SlaJson.canonical(node))
                .isEqualTo("{" + SlaJson.mapper().writeValueAsString(name) + ":"
                        + SlaJson.mapper().writeValueAsString(value) + "}");
    }

    @Test
    void everyCharacterBelowTwoHundredFiftySixIsQuotedAsTheMapperQuotesIt() {
        for (char c = 0; c < 256; c++) {
            StringBuilder out = new StringBuilder();
            SlaJson.appendQuoted("a" + c + "b", out);
            assertThat(out.toString())
                    .as("U+%04X", (int) c)
                    .isEqualTo(SlaJson.mapper().writeValueAsString("a" + c + "b"));
        }
    }

    /** Control characters, the characters JSON escapes, slashes, non-ASCII and lone surrogates. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> special = Arbitraries.of(List.of('"', '\\', '/', '\u007f', '\u2028', '\ud83d', '\ude00'));
        Arbitrary<Character> control = Arbitraries.chars().range('\u0000', '\u001f');
        Arbitrary<Character> any = Arbitraries.chars();
        return Arbitraries.frequencyOf(Tuple.of(3, special), Tuple.of(3, control), Tuple.of(4, any))
                .list()
                .ofMaxSize(30)
                .map(chars -> {
                    StringBuilder text = new StringBuilder();
                    chars.forEach(text::append);
                    return text.toString();
                });
    }
}
