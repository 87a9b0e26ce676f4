package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.RejectionCode;
import com.slaledger.contract.Position;
import com.slaledger.contract.RejectedAt;
import com.slaledger.eventstore.CachedContracts;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The intake's core, shared by Kafka and HTTP: dispatches a parsed command through Axon and turns
 * the outcome into exactly one {@link CommandResult}. Rejections by the aggregate are remembered
 * under the commandId like acceptances, so a retry gets the same answer. Anything else (database
 * down, a bug) propagates, so the caller retries or reports it; nothing is rejected for a
 * transient failure.
 */
@Service
public class CommandProcessor {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);
    private static final int CONCURRENCY_ATTEMPTS = 3;

    private final CommandGateway gateway;
    private final ProcessedCommands processed;
    private final ContractPositions positions;
    private final CachedContracts cached;
    private final TransactionTemplate transactions;
    private final IntakeMetrics metrics;
    private final Clock clock;

    public CommandProcessor(
            CommandGateway gateway,
            ProcessedCommands processed,
            ContractPositions positions,
            CachedContracts cached,
            TransactionTemplate transactions,
            IntakeMetrics metrics,
            Clock clock) {
        this.gateway = gateway;
        this.processed = processed;
        this.positions = positions;
        this.cached = cached;
        this.transactions = transactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    public CommandResult process(Reading reading) {
        Timer.Sample sample = metrics.startTimer();
        CommandResult result =
                reading instanceof Reading.Parsed parsed ? dispatch(parsed) : refuse((Reading.Refused) reading);
        metrics.record(sample, result);
        return result;
    }

    private CommandResult dispatch(Reading.Parsed parsed) {
        String contractId = contractIdOf(parsed);
        for (int attempt = 1; ; attempt++) {
            try {
                cached.forgetStale(List.of(contractId));
                CommandResult result = send(parsed);
                reached(result).ifPresent(position -> cached.committed(contractId, position));
                return result;
            } catch (CommandRejectedException rejected) {
                return !rejected.remembered()
                        ? reused(parsed, rejected)
                        : remember(
                                parsed,
                                rejected.code(),
                                rejected.getMessage(),
                                judgedAt(rejected).or(() -> positions.of(contractId)));
            } catch (AggregateNotFoundException notFound) {
                return notFound(parsed, contractId)
                        .orElseGet(() -> remember(
                                parsed,
                                RejectionCode.NOT_FOUND,
                                "contract " + parsed.command().contractId() + " does not exist"));
            } catch (ConcurrencyException | DataIntegrityViolationException conflict) {
                Optional<CommandResult> earlier = earlierAnswer(parsed);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                if (attempt >= CONCURRENCY_ATTEMPTS) {
                    return remember(
                            parsed,
                            RejectionCode.CONFLICT,
                            "the contract was changed concurrently; send the command again");
                }
                log.debug(
                        "concurrent change of {}, attempt {}", parsed.command().contractId(), attempt);
            }
        }
    }

    /**
     * Sends a command through Axon and waits for its one result: alone, or in a unit of work nested
     * in a batch's. A rejection by the aggregate is thrown as a {@link CommandRejectedException}.
     */
    CommandResult send(Reading.Parsed parsed) {
        Object answer = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(parsed.command())
                .withMetaData(parsed.issuance().toMetaData()));
        return ((CompletableFuture<?>) answer)
                .thenApply(CommandResult.class::cast)
                .join();
    }

    /** The position a command's events reached; empty for a duplicate, which reached nothing new. */
    static Optional<Position> reached(CommandResult result) {
        return result.duplicate() || result.sequence() == null
                ? Optional.empty()
                : Optional.of(new Position(result.sequence(), result.contractVersion()));
    }

    /** The stored answer to this very command, or the refusal of a borrowed commandId; empty when new. */
    private Optional<CommandResult> earlierAnswer(Reading.Parsed parsed) {
        try {
            return processed.earlierAnswer(
                    parsed.issuance().commandId(),
                    parsed.command(),
                    parsed.issuance().party());
        } catch (CommandRejectedException rejected) {
            return Optional.of(reused(parsed, rejected));
        }
    }

    /**
     * A refusal of the caller ({@link CommandRejectedException#remembered()} false): its commandId
     * was used before for another command or by another party ({@link ResendRefused}), or the
     * caller may not speak for the party it names. Not stored, and without the contract's
     * position, so the answer reveals nothing of the contract or of the command that used the id.
     */
    CommandResult reused(Reading.Parsed parsed, CommandRejectedException rejected) {
        return CommandResult.rejected(
                parsed.issuance().commandId(),
                parsed.command().contractId().value(),
                parsed.type(),
                rejected.code(),
                rejected.getMessage(),
                null,
                null,
                clock.instant());
    }

    /**
     * Stores a rejection in a transaction of its own (the command's own one was rolled back). A
     * NOT_FOUND carries no position: for a caller outside the contract, the contract does not exist.
     */
    private CommandResult remember(Reading.Parsed parsed, RejectionCode code, String message) {
        return remember(
                parsed,
                code,
                message,
                code == RejectionCode.NOT_FOUND ? Optional.empty() : positions.of(contractIdOf(parsed)));
    }

    private CommandResult remember(
            Reading.Parsed parsed, RejectionCode code, String message, Optional<Position> position) {
        CommandResult result = rejection(parsed, code, message, position);
        try {
            transactions.executeWithoutResult(status -> processed.remember(
                    result, parsed.command(), parsed.issuance().party()));
            return result;
        } catch (DataIntegrityViolationException alreadyThere) {
            return earlierAnswer(parsed).orElseThrow();
        }
    }

    /**
     * The answer to a caller limited to some parties that sent a command to a contract that does not
     * exist, unstored (ADR 0030): stored, its NOT_FOUND would take the commandId from the party
     * that drafts the contract later and uses it. Empty for any other caller, whose refusal is
     * stored as usual, so that a redelivery gets the same answer.
     */
    Optional<CommandResult> notFound(Reading.Parsed parsed, String contractId) {
        if (parsed.issuance().permittedPartyIds() == null) {
            return Optional.empty();
        }
        return Optional.of(reused(
                parsed,
                CommandRejectedException.ofCaller(
                        RejectionCode.NOT_FOUND, "contract " + contractId + " does not exist")));
    }

    /** The position the aggregate judged a rejected command against, when it was loaded. */
    static Optional<Position> judgedAt(CommandRejectedException rejected) {
        return rejected instanceof RejectedAt at ? Optional.of(at.position()) : Optional.empty();
    }

    /** The rejection of a command that reached the aggregate, at the contract's position. */
    CommandResult rejection(Reading.Parsed parsed, RejectionCode code, String message, Optional<Position> position) {
        return CommandResult.rejected(
                parsed.issuance().commandId(),
                contractIdOf(parsed),
                parsed.type(),
                code,
                message,
                position.map(Position::sequence).orElse(null),
                position.map(Position::contractVersion).orElse(null),
                clock.instant());
    }

    static String contractIdOf(Reading.Parsed parsed) {
        return parsed.command().contractId().value();
    }

    /**
     * Input refused before the aggregate: answered, not remembered, so a sender may correct the
     * record and retry under the same commandId.
     */
    CommandResult refuse(Reading.Refused refused) {
        if (refused.commandId() == null) {
            return null;
        }
        Long sequence = null;
        String version = null;
        if (refused.contractId() != null && ContractId.isWellFormed(refused.contractId())) {
            Optional<Position> position = positions.of(refused.contractId());
            sequence = position.map(Position::sequence).orElse(null);
            version = position.map(Position::contractVersion).orElse(null);
        }
        return CommandResult.rejected(
                refused.commandId(),
                refused.contractId(),
                refused.type(),
                refused.code(),
                refused.message(),
                sequence,
                version,
                clock.instant());
    }
}
