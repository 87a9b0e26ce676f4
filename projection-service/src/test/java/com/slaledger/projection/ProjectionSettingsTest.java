package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slaledger.projection.ingest.IngestProperties;
import com.slaledger.testsupport.BoundSettings;
import com.slaledger.testsupport.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * projection-service's own settings are held to their ranges where they are bound (ADR 0027): a
 * value outside stops the start with the setting, the variable, the value and what it must be.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProjectionSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sla.projection.events-topic     | contract events       | topic name
            sla.projection.group-id         | ''                    | must not be empty
            sla.projection.concurrency      | 0                     | at least 1
            sla.projection.schema           | read-models           | lower-case letters
            sla.projection.schema           | Projection            | lower-case letters
            sla.projection.schema           | a_name_of_fifty_six_characters_which_the_rebuild_cannot_ | 1 to 55
            sla.projection.rebuild-writers  | 0                     | at least 1
            sla.projection.rebuild-batch    | 0                     | at least 1
            sla.projection.fetch-wait       | -PT0.01S              | from PT0S to PT1S
            sla.projection.fetch-wait       | PT2S                  | from PT0S to PT1S
            """)
    void aValueOutOfItsRangeIsRefusedNamingTheSettingAndWhatItMustBe(String setting, String value, String mustBe) {
        Throwable failure = catchThrowable(
                () -> BoundSettings.with(setting, value).bindOrCreate("sla.projection", IngestProperties.class));

        BoundSettings.assertRefused(failure, setting, value, mustBe);
    }

    /** The settings as shipped, every variable at its default, lie within their ranges. */
    @Test
    void theShippedSettingsLieWithinTheirRanges() {
        assertThat(BoundSettings.shipped("projection-service.yml")
                        .bindOrCreate("sla.projection", IngestProperties.class)
                        .schema())
                .isEqualTo("projection");
    }

    /**
     * A setting read by a bean rather than bound to a record (the waits of {@code ?minSequence=N},
     * the writer lock's checks) stops the start the same way, with the same report, before the
     * service connects to anything.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SLA_PROJECTION_READ_WAIT_MAX     | -1   | sla.projection.read-wait.max-waiting     | it must be at least 0.
            SLA_PROJECTION_WRITER_LOCK_CHECK | PT0S | sla.projection.writer-lock.check-interval | it must be a duration longer than zero, such as PT5S.
            """)
    void aVariableOutOfRangeStopsTheStartWithAReportNamingTheSetting(
            String variable, String value, String setting, String mustBe, CapturedOutput output) {
        Throwable stopped = FailedStart.withVariable(
                ProjectionServiceApplication.class,
                ProjectionServiceApplication.CONFIG_NAME,
                "PROJECTION",
                variable,
                value);

        assertThat(BoundSettings.refusal(stopped).getName()).isEqualTo(setting);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains(setting + " (set by " + variable + ") is '" + value + "': " + mustBe)
                .contains("Set " + variable + " within that range, or unset it for the default");
    }
}
