package com.slaledger.projection.web;

import java.beans.PropertyEditorSupport;
import java.math.BigDecimal;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Number query parameters are read strictly, as JSON writes numbers in ASCII: whole numbers
 * (sequences, pages, sizes, months) as an optional minus and digits; decimals (targets, percents,
 * coverage) with an optional fraction and exponent as well. Spring's own reading is lenient: it
 * drops whitespace anywhere, takes a plus sign, reads {@code 0x} and {@code #} as hexadecimal,
 * {@code 5d} and {@code NaN} as doubles, and, through {@link Character#digit}, digits of any
 * script, so {@code minSequence=໕} (a Lao five) read as 5. A value read so is not the number the
 * client wrote, and is refused as INVALID ({@link QueryProblems}), like any other value that is not
 * a number or out of range. An empty value is one not given ({@link EmptyParameters}).
 *
 * <p>Registered as editors of each request's binder: a converter added to the conversion service
 * is not enough, since the binder falls back to its default editors, which are lenient, when a
 * converter refuses a value.
 */
@ControllerAdvice
public class QueryNumbers {

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @InitBinder
    void readStrictly(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new Strict(QueryNumbers::parseLong));
        binder.registerCustomEditor(Long.class, new Strict(QueryNumbers::parseLong));
        binder.registerCustomEditor(int.class, new Strict(QueryNumbers::parseInt));
        binder.registerCustomEditor(Integer.class, new Strict(QueryNumbers::parseInt));
        binder.registerCustomEditor(double.class, new Strict(QueryNumbers::parseDouble));
        binder.registerCustomEditor(Double.class, new Strict(QueryNumbers::parseDouble));
        binder.registerCustomEditor(BigDecimal.class, new Strict(QueryNumbers::parseDecimal));
    }

    /** The number written in {@code text}; IllegalArgumentException when it is not one, or not a long. */
    public static long parseLong(String text) {
        return Long.parseLong(written(WHOLE, text));
    }

    /** The number written in {@code text}; IllegalArgumentException when it is not one, or not an int. */
    public static int parseInt(String text) {
        return Integer.parseInt(written(WHOLE, text));
    }

    /** The decimal written in {@code text}; IllegalArgumentException when it is not one. */
    public static BigDecimal parseDecimal(String text) {
        return new BigDecimal(written(DECIMAL, text));
    }

    /** The decimal written in {@code text}, as a double; IllegalArgumentException when it is not one. */
    public static double parseDouble(String text) {
        return Double.parseDouble(written(DECIMAL, text));
    }

    private static String written(Pattern number, String text) {
        if (text == null || !number.matcher(text).matches()) {
            throw new IllegalArgumentException("not a number in ASCII digits: " + text);
        }
        return text;
    }

    /** One binder's editor: binders, and so editors, are made per request. */
    private static final class Strict extends PropertyEditorSupport {

        private final Function<String, Object> parse;

        Strict(Function<String, Object> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            setValue(text == null || text.isEmpty() ? null : parse.apply(text));
        }
    }
}
