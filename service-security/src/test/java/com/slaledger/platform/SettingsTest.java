package com.slaledger.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slaledger.kafka.ListenerRestartsAutoConfiguration;
import com.slaledger.security.HttpLimitsAutoConfiguration;
import com.slaledger.security.SecurityProperties;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class SettingsTest {

    /** A topic's name is taken exactly when Kafka's own check takes it: never one the broker refuses. */
    @Property(tries = 2000)
    void aTopicIsTakenExactlyWhenKafkaTakesIt(@ForAll("topicNames") String name) {
        boolean kafkaTakesIt;
        try {
            Topic.validate(name);
            kafkaTakesIt = true;
        } catch (InvalidTopicException e) {
            kafkaTakesIt = false;
        }
        if (kafkaTakesIt) {
            assertThat(Settings.topic("sla.x.topic", name)).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> Settings.topic("sla.x.topic", name))
                    .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
                        assertThat(e.getName()).isEqualTo("sla.x.topic");
                        assertThat(e.getValue()).isEqualTo(name);
                        assertThat(e.getReason()).contains("topic name");
                    });
        }
    }

    @Provide
    Arbitrary<String> topicNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(0).ofMaxLength(260),
                Arbitraries.strings()
                        .withChars("ab._- /\\:\u00e9\u0000")
                        .ofMinLength(0)
                        .ofMaxLength(8),
                Arbitraries.of(".", "..", "...", "contract.events", "a".repeat(249), "a".repeat(250)));
    }

    @Property(tries = 500)
    void aCountBelowItsLeastIsRefusedNamingTheSettingTheValueAndTheLeast(
            @ForAll int value, @ForAll @IntRange(min = -5, max = 5000) int least) {
        if (value >= least) {
            assertThat(Settings.atLeast("sla.x.count", value, least)).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> Settings.atLeast("sla.x.count", value, least))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("sla.x.count")
                    .hasMessageContaining("'" + value + "'")
                    .hasMessageContaining("at least " + least);
        }
    }

    @Test
    void durationsAreHeldToTheirRanges() {
        Duration most = Duration.ofSeconds(1);
        assertThat(Settings.positive("sla.x.d", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        for (Duration notPositive : new Duration[] {null, Duration.ZERO, Duration.ofNanos(-1), Duration.ofDays(-7)}) {
            assertThatThrownBy(() -> Settings.positive("sla.x.d", notPositive))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("sla.x.d")
                    .hasMessageContaining("longer than zero");
        }
        assertThat(Settings.upTo("sla.x.d", Duration.ZERO, most)).isZero();
        assertThat(Settings.upTo("sla.x.d", most, most)).isEqualTo(most);
        assertThatThrownBy(() -> Settings.upTo("sla.x.d", most.plusNanos(1), most))
                .hasMessageContaining("from PT0S to PT1S");
        assertThatThrownBy(() -> Settings.upTo("sla.x.d", Duration.ofMillis(-10), most))
                .hasMessageContaining("from PT0S to PT1S");
        assertThatThrownBy(() -> Settings.positiveUpTo("sla.x.d", Duration.ZERO, most))
                .hasMessageContaining("longer than zero");
        assertThat(Settings.notNegative("sla.x.d", Duration.ZERO)).isZero();
        assertThatThrownBy(() -> Settings.notNegative("sla.x.d", Duration.ofDays(-1)))
                .hasMessageContaining("zero or more");
    }

    @Test
    void sizesAreHeldToTheirRange() {
        DataSize least = DataSize.ofKilobytes(1);
        DataSize most = DataSize.ofMegabytes(64);
        assertThat(Settings.size("sla.x.s", least, least, most)).isEqualTo(least);
        assertThat(Settings.size("sla.x.s", most, least, most)).isEqualTo(most);
        for (DataSize outside :
                new DataSize[] {null, DataSize.ofBytes(1023), DataSize.ofBytes(-1), DataSize.ofBytes(most.toBytes() + 1)
                }) {
            assertThatThrownBy(() -> Settings.size("sla.x.s", outside, least, most))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("from 1KB to 64MB");
        }
    }

    @Test
    void aSchemaNameIsLowerCaseLettersDigitsAndUnderscoreWithinItsLength() {
        for (String name : new String[] {"projection", "p_2", "_x", "order", "a".repeat(55)}) {
            assertThat(Settings.sqlName("sla.x.schema", name, 55)).isEqualTo(name);
        }
        for (String name :
                new String[] {null, "", "my-schema", "Projection", "2p", "a b", "p\"; DROP", "a".repeat(56)}) {
            assertThatThrownBy(() -> Settings.sqlName("sla.x.schema", name, 55))
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("1 to 55 lower-case letters");
        }
    }

    /** The settings of both services' shared parts, bound as Spring Boot binds them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sla.jwt.token-cache     | -1    | at least 0
            sla.http.max-body-bytes | 100B  | from 1KB to 64MB
            sla.http.max-body-bytes | 1GB   | from 1KB to 64MB
            sla.kafka.restart.first-delay | PT0S | longer than zero
            sla.kafka.restart.max-delay | PT2H | from PT0S to PT1H
            sla.kafka.restart.max-delay | PT0.5S | at least sla.kafka.restart.first-delay (PT1S)
            """)
    void theSharedSettingsAreHeldToTheirRanges(String setting, String value, String mustBe) {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(setting, value)));

        Throwable failure = catchThrowable(() -> {
            binder.bindOrCreate("sla.jwt", SecurityProperties.class);
            binder.bindOrCreate("sla.http", HttpLimitsAutoConfiguration.HttpLimits.class);
            binder.bindOrCreate("sla.kafka.restart", ListenerRestartsAutoConfiguration.RestartSettings.class);
        });

        assertThat(failure)
                .rootCause()
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, invalid -> {
                    assertThat(invalid.getName()).isEqualTo(setting);
                    assertThat(invalid.getReason()).contains(mustBe);
                });
        assertThat(binder.bindOrCreate("sla.x", HttpLimitsAutoConfiguration.HttpLimits.class)
                        .maxBodyBytes())
                .as("the default")
                .isEqualTo(DataSize.ofKilobytes(256));
    }

    @Test
    void textMustHoldSomethingOtherThanWhiteSpace() {
        assertThat(Settings.text("sla.x.group", "g")).isEqualTo("g");
        for (String blank : new String[] {null, "", " ", "\t"}) {
            assertThatThrownBy(() -> Settings.text("sla.x.group", blank)).hasMessageContaining("must not be empty");
        }
    }
}
