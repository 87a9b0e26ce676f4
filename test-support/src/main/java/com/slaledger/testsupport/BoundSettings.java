package com.slaledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** A service's settings bound as Spring Boot binds them, for the tests of their ranges (ADR 0027). */
public final class BoundSettings {

    private BoundSettings() {}

    /** One setting, given as text, and nothing else: every other setting takes its default. */
    public static Binder with(String setting, String value) {
        return new Binder(new MapConfigurationPropertySource(Map.of(setting, value)));
    }

    /** The settings a service ships in {@code configFile} (on the class path), every variable at its default. */
    public static Binder shipped(String configFile) {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader()
                    .load(configFile, new ClassPathResource(configFile))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment);
    }

    /** The refusal of a setting that stopped a binding or a start; a failure of any other kind fails the test. */
    public static InvalidConfigurationPropertyValueException refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationPropertyValueException refused) {
                return refused;
            }
        }
        throw new AssertionError("no setting refused: " + failure, failure);
    }

    /**
     * Asserts that {@code failure} is the refusal of {@code setting}, showing {@code value} as bound
     * and a reason that says what it {@code mustBe}.
     */
    public static void assertRefused(Throwable failure, String setting, String value, String mustBe) {
        InvalidConfigurationPropertyValueException invalid = refusal(failure);
        assertThat(invalid.getName()).isEqualTo(setting);
        assertThat(String.valueOf(invalid.getValue())).isEqualTo(asBound(value));
        assertThat(invalid.getReason()).contains(mustBe);
    }

    /** {@code text} as the refusal shows the bound value: a negative duration in Java's form (-P1D is PT-24H). */
    private static String asBound(String text) {
        return text.startsWith("-P") ? Duration.parse(text).toString() : text;
    }
}
