package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * {@code sla.commands} counts results by outcome (accepted, rejected, duplicate) and code;
 * {@code sla.commands.dead-lettered} counts records sent to the dead-letter topic, and
 * {@code sla.commands.redriven} those an operator sent back to the commands topic;
 * {@code sla.command.latency} times each command from read to result;
 * {@code sla.commands.batch.size} is the number of commands each committed batch held, and
 * {@code sla.commands.batches.failed} counts batches rolled back and handled one at a time;
 * {@code sla.commands.deleted-unread} counts the records of {@code contract.commands} the broker
 * deleted before the intake read them (ADR 0044).
 */
@Component
public class IntakeMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final DistributionSummary batchSize;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("sla.commands.batch.size")
                .description("commands committed together in one transaction")
                .register(registry);
        this.latency = Timer.builder("sla.command.latency")
                .description("time from reading a command to its result")
                .publishPercentileHistogram()
                .register(registry);
    }

    Timer.Sample startTimer() {
        return Timer.start(registry);
    }

    void record(Timer.Sample sample, CommandResult result) {
        sample.stop(latency);
        if (result == null) {
            return;
        }
        String outcome =
                result.duplicate() ? "duplicate" : result.status().name().toLowerCase();
        Counter.builder("sla.commands")
                .tag("outcome", outcome)
                .tag("code", result.code() == null ? "none" : result.code().name())
                .register(registry)
                .increment();
    }

    void committedBatch(int commands) {
        batchSize.record(commands);
    }

    void failedBatch() {
        Counter.builder("sla.commands.batches.failed")
                .description("batches rolled back as a whole and handled one command at a time")
                .register(registry)
                .increment();
    }

    void deadLettered(String reason) {
        Counter.builder("sla.commands.dead-lettered")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void deletedUnread(int partition, long records) {
        Counter.builder("sla.commands.deleted-unread")
                .description("records of the commands topic deleted before the intake read them")
                .tag("partition", Integer.toString(partition))
                .register(registry)
                .increment(records);
    }

    void redriven(int count) {
        Counter.builder("sla.commands.redriven")
                .description("dead letters sent back to the commands topic")
                .register(registry)
                .increment(count);
    }
}
