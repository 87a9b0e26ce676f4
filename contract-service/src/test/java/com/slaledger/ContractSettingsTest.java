package com.slaledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slaledger.eventstore.EventStoreProperties;
import com.slaledger.intake.IntakeProperties;
import com.slaledger.publishing.PublishingProperties;
import com.slaledger.testsupport.BoundSettings;
import com.slaledger.testsupport.FailedStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * contract-service's own settings are held to their ranges as they are bound (ADR 0027): a value
 * outside stops the start with the setting, the value and what it must be.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContractSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sla.intake.commands-topic      | contract commands | topic name
            sla.intake.results-topic       | results/all       | topic name
            sla.intake.dead-letter-topic   | ..                | topic name
            sla.intake.dead-letter-group   | ' '               | must not be empty
            sla.intake.partitions          | 0                 | at least 1
            sla.intake.concurrency         | -1                | at least 1
            sla.intake.max-record-bytes    | 256               | at least 1024
            sla.intake.retry-max-elapsed   | PT0S              | longer than zero
            sla.intake.stall-threshold     | -PT1S             | longer than zero
            sla.intake.max-batch-time      | PT0S              | longer than zero
            sla.intake.max-batch-time      | PT2M              | from PT0S to PT1M
            sla.intake.fetch-wait          | -PT0.01S          | from PT0S to PT1S
            sla.intake.fetch-wait          | PT5S              | from PT0S to PT1S
            sla.intake.vouch-max-age       | -P1D              | zero or more
            sla.event-store.batch-size     | 0                 | at least 1
            sla.event-store.gap-timeout-millis | 0             | at least 1
            sla.event-store.max-gap-offset | -10               | at least 1
            sla.event-store.snapshot-threshold | 0             | at least 1
            sla.event-store.cached-contracts | -1              | at least 0
            sla.event-store.cached-events  | 0                 | at least 1
            sla.publishing.events-topic    | events/all        | topic name
            sla.publishing.partitions      | 0                 | at least 1
            """)
    void aValueOutOfItsRangeIsRefusedNamingTheSettingAndWhatItMustBe(String setting, String value, String mustBe) {
        Throwable failure = catchThrowable(() -> bindAll(BoundSettings.with(setting, value)));

        BoundSettings.assertRefused(failure, setting, value, mustBe);
    }

    /** The settings as shipped, every variable at its default, lie within their ranges. */
    @Test
    void theShippedSettingsLieWithinTheirRanges() {
        Binder binder = BoundSettings.shipped("contract-service.yml");

        assertThat(binder.bindOrCreate("sla.intake", IntakeProperties.class).maxBatchTime())
                .hasMillis(100);
        assertThat(binder.bindOrCreate("sla.event-store", EventStoreProperties.class)
                        .snapshotThreshold())
                .isEqualTo(100);
        assertThat(binder.bindOrCreate("sla.publishing", PublishingProperties.class)
                        .eventsTopic())
                .isEqualTo("contract.events");
    }

    /**
     * Through the service's start, as an operator meets it: the variable of the README's table set
     * out of range stops the start before it takes a command, with Spring Boot's failure report.
     */
    @Test
    void aVariableOutOfRangeStopsTheStartWithAReportNamingTheSetting(CapturedOutput output) {
        Throwable stopped = FailedStart.withVariable(
                ContractServiceApplication.class,
                ContractServiceApplication.CONFIG_NAME,
                "CONTRACT",
                "SLA_COMMAND_MAX_BATCH_TIME",
                "PT0S");

        assertThat(BoundSettings.refusal(stopped).getName()).isEqualTo("sla.intake.max-batch-time");
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("sla.intake.max-batch-time (set by SLA_COMMAND_MAX_BATCH_TIME) is 'PT0S': it must be a"
                        + " duration longer than zero, such as PT5S.")
                .contains("Set SLA_COMMAND_MAX_BATCH_TIME within that range, or unset it for the default")
                .doesNotContain("Failed to bind properties under");
    }

    private static void bindAll(Binder binder) {
        binder.bindOrCreate("sla.intake", IntakeProperties.class);
        binder.bindOrCreate("sla.event-store", EventStoreProperties.class);
        binder.bindOrCreate("sla.publishing", PublishingProperties.class);
    }
}
