package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** The input boundary on arbitrary text and decimals: what it lets through is clean, and it is cheap. */
class InputLimitsPropertyTest {

    @Property(tries = 2000)
    void textThatPassesHoldsNoControlCharacterAndNoLoneSurrogate(
            @ForAll("textWithFormatCharacters") String text, @ForAll boolean freeText) {
        String problem = InputLimits.textProblem(text, 1_000, freeText);
        boolean clean = text.length() <= 1_000
                && text.chars()
                        .noneMatch(c ->
                                (Character.getType(c) == Character.CONTROL && !(freeText && (c == '\n' || c == '\t')))
                                        || Character.getType(c) == Character.LINE_SEPARATOR
                                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                                        || directionControl(c))
                && wellPaired(text);
        assertThat(problem == null).as("%s -> %s", text, problem).isEqualTo(clean);
    }

    /** By name rather than by range, so that the check and the code do not share a mistake. */
    private static boolean directionControl(int c) {
        String name = Character.getName(c); // null for a code point Unicode has not assigned
        return switch (name == null ? "" : name) {
            case "LEFT-TO-RIGHT EMBEDDING",
                    "RIGHT-TO-LEFT EMBEDDING",
                    "POP DIRECTIONAL FORMATTING",
                    "LEFT-TO-RIGHT OVERRIDE",
                    "RIGHT-TO-LEFT OVERRIDE",
                    "LEFT-TO-RIGHT ISOLATE",
                    "RIGHT-TO-LEFT ISOLATE",
                    "FIRST STRONG ISOLATE",
                    "POP DIRECTIONAL ISOLATE" -> true;
            default -> false;
        };
    }

    /** Any text, and text with the general punctuation block's format characters mixed in often. */
    @Provide
    Arbitrary<String> textWithFormatCharacters() {
        Arbitrary<Character> formats = Arbitraries.chars().range('\u2000', '\u206F');
        Arbitrary<Character> plain = Arbitraries.chars().alpha();
        Arbitrary<String> mixed = Arbitraries.frequencyOf(
                        Tuple.of(3, plain),
                        Tuple.of(1, formats),
                        Tuple.of(1, Arbitraries.chars().range('\u0000', '\u00A0')))
                .list()
                .ofMaxSize(40)
                .map(chars -> chars.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining()));
        return Arbitraries.oneOf(Arbitraries.strings(), mixed);
    }

    @Property(tries = 2000)
    void decimalsAreJudgedByShapeAloneWhateverTheirExponent(
            @ForAll BigInteger unscaled, @ForAll @IntRange(min = -1_999_999_999, max = 1_999_999_999) int scale) {
        BigDecimal value = new BigDecimal(unscaled, scale);
        String problem = InputLimits.decimalProblem(value, 4);
        if (problem == null) {
            BigDecimal plain = Decimals.plain(value);
            assertThat(plain.scale()).isBetween(0, 4);
            assertThat(plain.precision()).isLessThanOrEqualTo(InputLimits.MAX_DIGITS);
            assertThat(plain.toString()).doesNotContain("E");
        }
    }

    @Property
    void anExponentWrittenNumberFoldsToItsPlainForm(@ForAll @IntRange(min = 0, max = 12) int exponent) {
        BigDecimal written = new BigDecimal("1E+" + exponent);
        assertThat(Decimals.plain(written).toString())
                .isEqualTo(BigInteger.TEN.pow(exponent).toString());
        assertThat(new Money(written, java.util.Currency.getInstance("EUR"))
                        .amount()
                        .toString())
                .doesNotContain("E");
    }

    @Property(tries = 3000)
    void eachIdCheckAgreesWithItsPattern(@ForAll("idLike") String value) {
        assertThat(InputLimits.isId(value))
                .as(value)
                .isEqualTo(InputLimits.ID.matcher(value).matches());
        assertThat(InputLimits.isBreachId(value))
                .as(value)
                .isEqualTo(InputLimits.BREACH_ID.matcher(value).matches());
        assertThat(InputLimits.isSenderCommandId(value))
                .as(value)
                .isEqualTo(InputLimits.COMMAND_ID.matcher(value).matches());
        assertThat(ContractId.isWellFormed(value))
                .isEqualTo(InputLimits.ID.matcher(value).matches());
    }

    /**
     * Text of one id's alphabet with another character now and then (a control, punctuation next
     * to the allowed, non-ASCII, a surrogate), at any length up to 140 and at the lengths around
     * 64 and 128; and any text at all.
     */
    @Provide
    Arbitrary<String> idLike() {
        Arbitrary<Character> other = Arbitraries.oneOf(
                Arbitraries.chars().range('\u0000', '\u007f'),
                Arbitraries.chars().all());
        Arbitrary<String> ofAnAlphabet = Arbitraries.of("._-", "._:-", "._:@-").flatMap(punctuation -> {
            Arbitrary<Character> allowed = Arbitraries.oneOf(
                    Arbitraries.chars().range('a', 'z'),
                    Arbitraries.chars().range('A', 'Z'),
                    Arbitraries.chars().range('0', '9'),
                    Arbitraries.of(punctuation.chars().mapToObj(c -> (char) c).toList()));
            Arbitrary<Character> mostlyAllowed = Arbitraries.frequencyOf(Tuple.of(200, allowed), Tuple.of(1, other));
            return Arbitraries.oneOf(Arbitraries.integers().between(0, 140), Arbitraries.of(63, 64, 65, 127, 128, 129))
                    .flatMap(length -> mostlyAllowed.list().ofSize(length))
                    .map(InputLimitsPropertyTest::text);
        });
        return Arbitraries.frequencyOf(
                Tuple.of(4, ofAnAlphabet), Tuple.of(1, Arbitraries.strings().ofMaxLength(140)));
    }

    private static String text(java.util.List<Character> chars) {
        StringBuilder text = new StringBuilder(chars.size());
        chars.forEach(text::append);
        return text.toString();
    }

    private static boolean wellPaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
