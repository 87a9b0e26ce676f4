package com.slaledger.projection.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole-number query parameters (sequences, pages, sizes, months) are read strictly: an optional
 * minus and ASCII digits, nothing else. Spring's own reading is lenient: it drops whitespace
 * anywhere, takes a plus sign, reads {@code 0x} and {@code #} as hexadecimal, and, through {@link
 * Character#digit}, takes digits of any script, so {@code minSequence=໕} (a Lao five) read as 5. A
 * value read so is not the number the client wrote, and is refused as INVALID ({@link
 * QueryProblems}), like any other value that is not a whole number or out of range.
 *
 * <p>Registered as editors of each request's binder: a converter added to the conversion service
 * is not enough, since the binder falls back to its default editors, which are lenient, when a
 * converter refuses a value.
 */
@ControllerAdvice
public class WholeNumbers {

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

    @InitBinder
    void readStrictly(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new Strict(WholeNumbers::parseLong));
        binder.registerCustomEditor(Long.class, new Strict(WholeNumbers::parseLong));
        binder.registerCustomEditor(int.class, new Strict(WholeNumbers::parseInt));
        binder.registerCustomEditor(Integer.class, new Strict(WholeNumbers::parseInt));
    }

    /** The number written in {@code text}; IllegalArgumentException when it is not one, or not a long. */
    public static long parseLong(String text) {
        return Long.parseLong(whole(text));
    }

    /** The number written in {@code text}; IllegalArgumentException when it is not one, or not an int. */
    public static int parseInt(String text) {
        return Integer.parseInt(whole(text));
    }

    private static String whole(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a whole number in ASCII digits: " + text);
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
            setValue(parse.apply(text));
        }
    }
}
