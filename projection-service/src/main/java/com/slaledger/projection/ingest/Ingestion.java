package com.slaledger.projection.ingest;

import com.slaledger.api.ContractId;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.failure.Failures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies records of {@code contract.events} so that one bad event never costs another contract
 * its events (ADR 0011). Used by the live consumer and by the rebuild, so both meet a bad event
 * the same way.
 *
 * <ul>
 *   <li>The whole batch is tried in one transaction.
 *   <li>A transient failure (database down) is rethrown: the caller retries, and no offset moves
 *       past an unapplied event.
 *   <li>Any other failure is final for one contract only. The batch is applied again contract by
 *       contract, each in its own transaction, and a contract that still fails is parked with the
 *       reason; its events wait in {@code parked_event}.
 *   <li>An unreadable record parks the contract named by its key, with the raw bytes kept. As for
 *       an event that cannot be applied, the contract's events before it are applied and those
 *       after it wait in {@code parked_event}, wherever the batch happens to begin: the live
 *       consumer's polls and the rebuild's batches end in different places.
 * </ul>
 */
public class Ingestion {

    /** Where a record's contract cannot be told (no usable key): parked under this name. */
    static final String UNKNOWN_CONTRACT = "_unreadable";

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    private final ProjectionWriter writer;
    private final TransactionTemplate transactions;

    public Ingestion(ProjectionWriter writer, TransactionTemplate transactions) {
        this.writer = writer;
        this.transactions = transactions;
    }

    public ProjectionWriter.Outcome apply(List<ConsumerRecord<String, byte[]>> records) {
        return apply(decode(records));
    }

    /**
     * Records read as envelopes, per contract in offset order, how each arrived (by identity), and
     * the records that could not be read.
     */
    private record Decoded(
            Map<String, List<EventEnvelope>> byContract,
            Map<EventEnvelope, ProjectionWriter.Arrival> arrivals,
            List<Unreadable> unreadable) {}

    /**
     * A record that could not be read, the contract it parks, and how many of that contract's
     * events in the batch came before it.
     */
    private record Unreadable(ConsumerRecord<String, byte[]> record, String contractId, int before) {}

    /**
     * Reads each record's envelope and event. An envelope whose event could be read keeps it beside
     * it and drops its payload's tree, which held twice the bytes of the record while the batch
     * waited and was written (ADR 0009). One whose event cannot be read keeps its payload: the
     * writer reads it there and fails that contract as before.
     */
    private static Decoded decode(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<EventEnvelope>> byContract = new LinkedHashMap<>();
        Map<EventEnvelope, ProjectionWriter.Arrival> arrivals = new IdentityHashMap<>(records.size());
        List<Unreadable> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventEnvelope envelope = read(record.value());
            if (envelope == null) {
                String contractId = ContractId.isWellFormed(record.key()) ? record.key() : UNKNOWN_CONTRACT;
                unreadable.add(new Unreadable(
                        record,
                        contractId,
                        byContract.getOrDefault(contractId, List.of()).size()));
                continue;
            }
            ContractEvent event = eventOf(envelope);
            EventEnvelope kept = event == null ? envelope : envelope.withPayload(null);
            byContract
                    .computeIfAbsent(kept.contractId(), id -> new ArrayList<>())
                    .add(kept);
            arrivals.put(kept, new ProjectionWriter.Arrival(wellFormed(record.value()), event));
        }
        return new Decoded(byContract, arrivals, unreadable);
    }

    private static ContractEvent eventOf(EventEnvelope envelope) {
        try {
            return envelope.event();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ProjectionWriter.Outcome apply(Decoded decoded) {
        Map<String, List<EventEnvelope>> byContract = new LinkedHashMap<>(decoded.byContract());
        // A contract's events after its first unreadable record wait with it; those before it are
        // applied with the batch, before the contract is parked.
        Map<String, List<EventEnvelope>> waiting = new LinkedHashMap<>();
        for (Unreadable unreadable : decoded.unreadable()) {
            String contractId = unreadable.contractId();
            if (!waiting.containsKey(contractId)) {
                List<EventEnvelope> events = byContract.getOrDefault(contractId, List.of());
                waiting.put(contractId, events.subList(unreadable.before(), events.size()));
                if (unreadable.before() == 0) {
                    byContract.remove(contractId);
                } else {
                    byContract.put(contractId, events.subList(0, unreadable.before()));
                }
            }
        }
        ProjectionWriter.Outcome outcome = applyAll(byContract, decoded.arrivals());
        for (Unreadable unreadable : decoded.unreadable()) {
            ConsumerRecord<String, byte[]> record = unreadable.record();
            String contractId = unreadable.contractId();
            String reason = "unreadable event at " + record.topic() + "-" + record.partition() + "@" + record.offset();
            log.error("{}: contract {} parked", reason, contractId);
            List<EventEnvelope> after = waiting.getOrDefault(contractId, List.of());
            waiting.remove(contractId); // a later unreadable record of the contract finds it parked
            transactions.executeWithoutResult(
                    tx -> writer.park(contractId, null, reason, record.value(), after, decoded.arrivals()));
        }
        return outcome;
    }

    private ProjectionWriter.Outcome applyAll(
            Map<String, List<EventEnvelope>> byContract, Map<EventEnvelope, ProjectionWriter.Arrival> arrivals) {
        List<EventEnvelope> all =
                byContract.values().stream().flatMap(List::stream).toList();
        try {
            return transactions.execute(tx -> writer.apply(all, arrivals));
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            log.warn(
                    "a batch of {} events failed ({}); applying it contract by contract",
                    all.size(),
                    Failures.describe(e));
        }
        List<ProjectionWriter.Outcome> outcomes = new ArrayList<>();
        byContract.forEach((contractId, events) -> outcomes.add(applyOrPark(contractId, events, arrivals)));
        return ProjectionWriter.Outcome.sum(outcomes);
    }

    /**
     * Applies one contract's events, and when that fails for good, one event at a time: the events
     * before the bad one are applied, the contract is parked from the bad one on.
     */
    private ProjectionWriter.Outcome applyOrPark(
            String contractId, List<EventEnvelope> events, Map<EventEnvelope, ProjectionWriter.Arrival> arrivals) {
        try {
            return transactions.execute(tx -> writer.apply(events, arrivals));
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
        }
        List<ProjectionWriter.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<EventEnvelope> one = List.of(events.get(i));
            try {
                outcomes.add(transactions.execute(tx -> writer.apply(one, arrivals)));
            } catch (RuntimeException e) {
                if (Failures.isTransient(e)) {
                    throw e;
                }
                List<EventEnvelope> rest = events.subList(i, events.size());
                String reason = Failures.describe(e);
                log.error(
                        "contract {} parked: its event at sequence {} cannot be applied: {}",
                        contractId,
                        rest.get(0).sequence(),
                        reason);
                transactions.executeWithoutResult(
                        tx -> writer.park(contractId, rest.get(0).sequence(), reason, null, rest, arrivals));
                outcomes.add(new ProjectionWriter.Outcome(List.of(), List.of(), 0, 0, rest.size()));
                break;
            }
        }
        return ProjectionWriter.Outcome.sum(outcomes);
    }

    /**
     * A record's text as the event log keeps it: its own bytes when they are well-formed UTF-8 (the
     * rebuild copies them in as they are), else what reading them as a String makes of them, with
     * U+FFFD for each malformed sequence, as the live writer's insert of that String stores it. The
     * JSON reader accepts some malformed sequences (an overlong C1 BF reads as DEL), and PostgreSQL
     * refuses them in a COPY.
     */
    static byte[] wellFormed(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return new String(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    /** The envelope of a record's bytes, or null when they hold none with a well-formed contract id. */
    static EventEnvelope read(byte[] value) {
        try {
            EventEnvelope envelope = SlaJson.mapper().readValue(value, EventEnvelope.class);
            return envelope != null && ContractId.isWellFormed(envelope.contractId()) ? envelope : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
