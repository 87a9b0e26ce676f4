package com.slaledger.projection.web;

import java.beans.PropertyEditorSupport;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Instant query parameters ({@code asOf}, {@code knownAt}) are ISO-8601 date-times with an offset
 * ({@code 2026-12-01T10:00:00Z}, {@code 2026-12-01T11:00:00+01:00}), from year 1 to year 9999.
 * Java reads years up to a billion either way, but PostgreSQL keeps instants from 4713 BC to
 * 294276 AD only, and refused the query: a request for {@code asOf=+999999999-12-31T23:59:59Z}
 * was answered 500. A value outside the years, or not such a date-time, is refused as INVALID
 * ({@link QueryProblems}). Registered as each request's editor for {@link Instant}, ahead of the
 * parameters' own {@code @DateTimeFormat}, for the reason {@link QueryNumbers} gives.
 */
@ControllerAdvice
public class QueryInstants {

    /** The first instant of year 1. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    /** The last instant of year 9999. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @InitBinder
    void readWithinTheYears(WebDataBinder binder) {
        binder.registerCustomEditor(Instant.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text == null || text.isEmpty() ? null : parse(text));
            }
        });
    }

    /** The instant written in {@code text}; IllegalArgumentException when it is not one, or outside the years. */
    public static Instant parse(String text) {
        Instant instant;
        try {
            instant = DateTimeFormatter.ISO_DATE_TIME.parse(text, Instant::from);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an ISO-8601 date-time with an offset: " + text, e);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new QueryProblems.OutOfRange("an instant from the year 1 to 9999");
        }
        return instant;
    }
}
