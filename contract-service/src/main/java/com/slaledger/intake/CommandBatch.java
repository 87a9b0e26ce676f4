package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.contract.Position;
import com.slaledger.eventstore.CachedContracts;
import com.slaledger.failure.Failures;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Group commit: many commands in one root unit of work and one database transaction (ADR 0009).
 * Each command runs in a unit of work nested in the root, as Axon does for a command dispatched
 * inside another: its events go to the root and are appended at the root's commit, in one batch
 * and one advisory-lock window (ADR 0007); aggregates loaded in the root are shared, so two
 * commands of one contract in one batch see each other. Rejections are stored in the same
 * transaction; a batch's stored answers are read in one query before it starts.
 *
 * <p>Only a rejection by the aggregate (or a missing contract) lets the batch go on, since those
 * are thrown before any event is applied. Anything else, a unique-key race or a transient failure,
 * rolls the whole batch back and is thrown: the caller then handles the same records one at a time
 * ({@link CommandProcessor}), where every failure is classified as before (ADR 0011).
 */
@Service
public class CommandBatch {

    private static final Logger log = LoggerFactory.getLogger(CommandBatch.class);

    private final CommandProcessor processor;
    private final ProcessedCommands processed;
    private final ContractPositions positions;
    private final CachedContracts cached;
    private final TransactionManager transactions;
    private final IntakeMetrics metrics;
    private final IntakeProperties properties;

    public CommandBatch(
            CommandProcessor processor,
            ProcessedCommands processed,
            ContractPositions positions,
            CachedContracts cached,
            TransactionManager transactions,
            IntakeMetrics metrics,
            IntakeProperties properties) {
        this.processor = processor;
        this.processed = processed;
        this.positions = positions;
        this.cached = cached;
        this.transactions = transactions;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** Handles the reading at an index on its own, after its batch failed; may throw to stop there. */
    @FunctionalInterface
    public interface OneAtATime {
        CommandResult handle(int index);
    }

    /** Takes the result of the reading at an index (null where a refused record has nobody to answer). */
    @FunctionalInterface
    public interface Answered {
        void accept(int index, CommandResult result);
    }

    /**
     * Handles every reading, in order, in batches of at most {@code sla.intake.max-batch-time}. When
     * a batch fails as a whole nothing of it was stored, and every reading from its first on is
     * handled by {@code alone}, where the caller classifies failures as it must (a Kafka record and
     * an HTTP caller differ). Each result goes to {@code answered} as soon as it is committed.
     */
    public void processAll(List<Reading> readings, OneAtATime alone, Answered answered) {
        int done = 0;
        while (done < readings.size()) {
            List<CommandResult> results;
            try {
                results = process(
                        readings.subList(done, readings.size()),
                        System.nanoTime() + properties.maxBatchTime().toNanos());
            } catch (RuntimeException e) {
                log.info(
                        "a batch of {} commands failed as a whole ({}); handling them one at a time",
                        readings.size() - done,
                        Failures.describe(e));
                for (int i = done; i < readings.size(); i++) {
                    answered.accept(i, alone.handle(i));
                }
                return;
            }
            for (CommandResult result : results) {
                answered.accept(done++, result);
            }
        }
    }

    /**
     * Handles readings from the first on, in order, until all are done or {@code deadlineNanos}
     * (of {@link System#nanoTime()}) has passed, and commits them together. Answers one result per
     * handled reading, in order (null where a refused record has no commandId to answer).
     */
    public List<CommandResult> process(List<Reading> readings, long deadlineNanos) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        try {
            root.attachTransaction(transactions);
            KnownAnswers known = new KnownAnswers(processed.answers(commandIds(readings)));
            root.resources().put(KnownAnswers.KEY, known);
            cached.forgetStale(contractIds(readings));
            Map<String, Position> reached = new HashMap<>();
            List<CommandResult> results = new ArrayList<>();
            for (Reading reading : readings) {
                Timer.Sample sample = metrics.startTimer();
                CommandResult result = reading instanceof Reading.Parsed parsed
                        ? dispatch(parsed, known, reached)
                        : processor.refuse((Reading.Refused) reading);
                metrics.record(sample, result);
                results.add(result);
                if (System.nanoTime() - deadlineNanos > 0) {
                    break;
                }
            }
            processed.rememberAll(known.unsaved());
            root.commit();
            reached.forEach(cached::committed);
            metrics.committedBatch(results.size());
            return results;
        } catch (RuntimeException | Error e) {
            if (root.isActive()) {
                root.rollback(e);
            }
            metrics.failedBatch();
            throw e;
        }
    }

    private CommandResult dispatch(Reading.Parsed parsed, KnownAnswers known, Map<String, Position> reached) {
        String contractId = CommandProcessor.contractIdOf(parsed);
        try {
            CommandResult result = processor.send(parsed);
            CommandProcessor.reached(result).ifPresent(position -> reached.put(contractId, position));
            return result;
        } catch (CommandRejectedException rejected) {
            if (!rejected.remembered()) {
                return processor.reused(parsed, rejected);
            }
            return remember(
                    parsed,
                    rejected.code(),
                    rejected.getMessage(),
                    CommandProcessor.judgedAt(rejected),
                    known,
                    reached);
        } catch (AggregateNotFoundException notFound) {
            return processor
                    .notFound(parsed, contractId)
                    .orElseGet(() -> remember(
                            parsed,
                            RejectionCode.NOT_FOUND,
                            "contract " + contractId + " does not exist",
                            Optional.empty(),
                            known,
                            reached));
        }
    }

    /**
     * Stores a rejection in the batch's transaction, at the position it was judged against, else
     * the one this batch brought the contract to, else the stored one. A NOT_FOUND carries none.
     */
    private CommandResult remember(
            Reading.Parsed parsed,
            RejectionCode code,
            String message,
            Optional<Position> judged,
            KnownAnswers known,
            Map<String, Position> reached) {
        String contractId = CommandProcessor.contractIdOf(parsed);
        Optional<Position> position = code == RejectionCode.NOT_FOUND
                ? Optional.empty()
                : judged.or(() -> Optional.ofNullable(reached.get(contractId))).or(() -> positions.of(contractId));
        CommandResult result = processor.rejection(parsed, code, message, position);
        known.add(ProcessedCommands.Stored.of(
                result, parsed.command(), parsed.issuance().party()));
        return result;
    }

    private static Set<String> commandIds(List<Reading> readings) {
        Set<String> ids = new LinkedHashSet<>();
        for (Reading reading : readings) {
            if (reading instanceof Reading.Parsed parsed) {
                ids.add(parsed.issuance().commandId());
            }
        }
        return ids;
    }

    private static Set<String> contractIds(List<Reading> readings) {
        Set<String> ids = new LinkedHashSet<>();
        for (Reading reading : readings) {
            if (reading instanceof Reading.Parsed parsed) {
                ids.add(CommandProcessor.contractIdOf(parsed));
            }
        }
        return ids;
    }
}
