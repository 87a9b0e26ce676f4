package com.slaledger.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The report names the variable when the yml reads the setting from one, and the setting itself when not. */
class SettingFailureAnalyzerTest {

    private static final String SETTING = "sla.intake.max-batch-time";

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void aSettingTheYmlReadsFromAVariableIsReportedByThatVariable() {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("yml", Map.of(SETTING, "${SLA_COMMAND_MAX_BATCH_TIME:PT0.1S}")));

        FailureAnalysis analysis = analyze(Duration.ZERO);

        assertThat(analysis.getDescription())
                .isEqualTo(SETTING + " (set by SLA_COMMAND_MAX_BATCH_TIME) is 'PT0S': it must be more.");
        assertThat(analysis.getAction()).startsWith("Set SLA_COMMAND_MAX_BATCH_TIME within that range");
    }

    /** Given on the command line, it outranks the yml: there is no variable to name. */
    @Test
    void aSettingGivenDirectlyIsReportedByItsOwnName() {
        environment.getPropertySources().addLast(new MapPropertySource("yml", Map.of(SETTING, "${SLA_X:PT0.1S}")));
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--" + SETTING + "=PT0S"));

        FailureAnalysis analysis = analyze(Duration.ZERO);

        assertThat(analysis.getDescription()).isEqualTo(SETTING + " is 'PT0S': it must be more.");
        assertThat(analysis.getAction())
                .isEqualTo("Set " + SETTING + " within its range, or leave it out for its default.");
    }

    @Test
    void aValueThatIsNotSetIsSaidToBeSo() {
        assertThat(analyze(null).getDescription()).isEqualTo(SETTING + " is not set: it must be more.");
    }

    private FailureAnalysis analyze(Object value) {
        return new SettingFailureAnalyzer(environment)
                .analyze(new IllegalStateException(
                        "binding failed",
                        new InvalidConfigurationPropertyValueException(SETTING, value, "it must be more")));
    }
}
