package com.slaledger.projection.ingest;

import com.slaledger.platform.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param eventsTopic the topic contract-service publishes every stored event to
 * @param groupId the consumer group of the live projection
 * @param concurrency consumer threads (at most the topic's partitions)
 * @param schema the schema the read models live in
 * @param rebuildWriters writers of a rebuild, each with a connection and a thread of its own, each
 *     for a share of the partitions (at most the topic's partitions)
 * @param rebuildBatch events a rebuild's writer applies in one transaction; a writer holds at most
 *     four batches in memory (ADR 0009)
 * @param rebuildBatchBytes the most bytes of events in one such batch: a batch ends at whichever
 *     bound it meets first, so a batch of long texts (a clause or a description of 20,000
 *     characters per event) holds no more than a few megabytes of them, each read, folded and
 *     written several times over (ADR 0035)
 * @param fetchWait how long the broker holds the live consumer's fetch for more events ({@code
 *     fetch.max.wait.ms}, with a {@code fetch.min.bytes} no fetch reaches): the fetch sent as a poll
 *     is handed over then brings what arrived while that poll was applied, instead of only the
 *     first event that did, so an event is applied by the next poll rather than the one after it.
 *     An event that arrives alone waits up to this long. Under a millisecond (zero) leaves Kafka's
 *     fetch settings (ADR 0009)
 */
@ConfigurationProperties("sla.projection")
public record IngestProperties(
        @DefaultValue("contract.events") String eventsTopic,
        @DefaultValue("projection-service") String groupId,
        @DefaultValue("2") int concurrency,
        @DefaultValue("projection") String schema,
        @DefaultValue("2") int rebuildWriters,
        @DefaultValue("2000") int rebuildBatch,
        @DefaultValue("4MB") DataSize rebuildBatchBytes,
        @DefaultValue("PT0.01S") Duration fetchWait) {

    /** The rebuild writes into {@code <schema>_rebuild}: PostgreSQL keeps 63 characters of a name. */
    static final int MOST_SCHEMA_LENGTH = 63 - "_rebuild".length();

    /** A fetch held longer adds that much to a lone event's wait, and nears Kafka's request timeout. */
    static final Duration MOST_FETCH_WAIT = Duration.ofSeconds(1);

    public IngestProperties {
        Settings.topic("sla.projection.events-topic", eventsTopic);
        Settings.text("sla.projection.group-id", groupId);
        Settings.atLeast("sla.projection.concurrency", concurrency, 1);
        Settings.sqlName("sla.projection.schema", schema, MOST_SCHEMA_LENGTH);
        Settings.atLeast("sla.projection.rebuild-writers", rebuildWriters, 1);
        Settings.atLeast("sla.projection.rebuild-batch", rebuildBatch, 1);
        Settings.size(
                "sla.projection.rebuild-batch-bytes",
                rebuildBatchBytes,
                DataSize.ofKilobytes(1),
                DataSize.ofMegabytes(256));
        Settings.upTo("sla.projection.fetch-wait", fetchWait, MOST_FETCH_WAIT);
    }
}
