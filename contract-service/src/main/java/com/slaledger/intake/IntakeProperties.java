package com.slaledger.intake;

import com.slaledger.platform.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The command intake's settings.
 *
 * @param commandsTopic where integration systems send commands
 * @param resultsTopic where each command's one result goes
 * @param deadLetterTopic where records go that cannot be processed, with the original bytes
 * @param deadLetterGroup the consumer group whose offsets on the dead-letter topic mark how far
 *     dead letters have been re-driven
 * @param partitions partitions of the commands topic when the service creates it
 * @param concurrency consumer threads; at most the number of partitions is useful
 * @param maxRecordBytes records larger than this are refused with TOO_LARGE
 * @param retryMaxElapsed how long a transient failure (database or broker down) is retried before
 *     the record is dead-lettered
 * @param stallThreshold a partition whose oldest unanswered record is older than this makes the
 *     {@code commandIntake} health indicator DOWN
 * @param requireToken every command record must carry its sender's bearer token (header
 *     {@code authorization}); false trusts records without one as a whole-ledger integration
 * @param maxBatchTime how long one batch of a poll's commands may take before it is committed and
 *     a new one started: bounds the latency a large poll adds to its first commands (ADR 0009)
 * @param groupCommit false handles every command in a transaction of its own and waits for each
 *     result's acknowledgement, as a plain Axon application would: the benchmark's P1-peer, and a
 *     way back should group commit ever misbehave
 * @param fetchWait with group commit, how long the broker holds the intake's fetch for more
 *     commands ({@code fetch.max.wait.ms}, with a {@code fetch.min.bytes} no fetch reaches): the
 *     fetch sent as a poll is handed over then brings what arrived while that poll was handled,
 *     instead of only the first commands that did, so a command is taken by the next poll rather
 *     than the one after it. A command that arrives alone waits up to this long. Under a
 *     millisecond (zero) leaves Kafka's fetch settings (ADR 0009)
 * @param vouchMaxAge how long after it checked a dead letter's sender the service still takes a
 *     re-driven record from its word for that sender ({@link SenderVouches}) instead of the token,
 *     which may have expired meanwhile (ADR 0022)
 */
@ConfigurationProperties("sla.intake")
public record IntakeProperties(
        @DefaultValue("contract.commands") String commandsTopic,
        @DefaultValue("contract.command-results") String resultsTopic,
        @DefaultValue("contract.commands.dlt") String deadLetterTopic,
        @DefaultValue("contract-service.dead-letters") String deadLetterGroup,
        @DefaultValue("4") int partitions,
        @DefaultValue("1") int concurrency,
        @DefaultValue("262144") int maxRecordBytes,
        @DefaultValue("PT5M") Duration retryMaxElapsed,
        @DefaultValue("PT2M") Duration stallThreshold,
        @DefaultValue("true") boolean requireToken,
        @DefaultValue("PT0.1S") Duration maxBatchTime,
        @DefaultValue("true") boolean groupCommit,
        @DefaultValue("PT0.01S") Duration fetchWait,
        @DefaultValue("P7D") Duration vouchMaxAge) {

    /** The smallest record limit: a command's envelope alone takes a few hundred bytes. */
    static final int LEAST_RECORD_BYTES = 1024;

    /** A batch must end well within Kafka's {@code max.poll.interval.ms} (5 minutes). */
    static final Duration MOST_BATCH_TIME = Duration.ofMinutes(1);

    /** A fetch held longer adds that much to a lone command's wait, and nears Kafka's request timeout. */
    static final Duration MOST_FETCH_WAIT = Duration.ofSeconds(1);

    public IntakeProperties {
        Settings.topic("sla.intake.commands-topic", commandsTopic);
        Settings.topic("sla.intake.results-topic", resultsTopic);
        Settings.topic("sla.intake.dead-letter-topic", deadLetterTopic);
        Settings.text("sla.intake.dead-letter-group", deadLetterGroup);
        Settings.atLeast("sla.intake.partitions", partitions, 1);
        Settings.atLeast("sla.intake.concurrency", concurrency, 1);
        Settings.atLeast("sla.intake.max-record-bytes", maxRecordBytes, LEAST_RECORD_BYTES);
        Settings.positive("sla.intake.retry-max-elapsed", retryMaxElapsed);
        Settings.positive("sla.intake.stall-threshold", stallThreshold);
        Settings.positiveUpTo("sla.intake.max-batch-time", maxBatchTime, MOST_BATCH_TIME);
        Settings.upTo("sla.intake.fetch-wait", fetchWait, MOST_FETCH_WAIT);
        Settings.notNegative("sla.intake.vouch-max-age", vouchMaxAge);
    }
}
