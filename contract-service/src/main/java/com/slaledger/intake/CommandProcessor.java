package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.RejectionCode;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
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
    private final TransactionTemplate transactions;
    private final IntakeMetrics metrics;
    private final Clock clock;

    public CommandProcessor(
            CommandGateway gateway,
            ProcessedCommands processed,
            ContractPositions positions,
            TransactionTemplate transactions,
            IntakeMetrics metrics,
            Clock clock) {
        this.gateway = gateway;
        this.processed = processed;
        this.positions = positions;
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
        String commandId = parsed.issuance().commandId();
        for (int attempt = 1; ; attempt++) {
            try {
                Object answer = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(parsed.command())
                        .withMetaData(parsed.issuance().toMetaData()));
                return ((CompletableFuture<?>) answer)
                        .thenApply(CommandResult.class::cast)
                        .join();
            } catch (CommandRejectedException rejected) {
                return rejected.code() == RejectionCode.COMMAND_ID_REUSED
                        ? reused(parsed, rejected)
                        : remember(parsed, rejected.code(), rejected.getMessage());
            } catch (AggregateNotFoundException notFound) {
                return remember(
                        parsed,
                        RejectionCode.NOT_FOUND,
                        "contract " + parsed.command().contractId() + " does not exist");
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

    /** The stored answer to this very command, or the refusal of a borrowed commandId; empty when new. */
    private Optional<CommandResult> earlierAnswer(Reading.Parsed parsed) {
        try {
            return processed.earlierAnswer(parsed.issuance().commandId(), parsed.command());
        } catch (CommandRejectedException rejected) {
            return Optional.of(reused(parsed, rejected));
        }
    }

    /**
     * A commandId used before for another command: refused, not stored, and without the contract's
     * position, so the answer reveals nothing of the command that first used the id.
     */
    private CommandResult reused(Reading.Parsed parsed, CommandRejectedException rejected) {
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
        String contractId = parsed.command().contractId().value();
        Optional<ContractPositions.Position> position =
                code == RejectionCode.NOT_FOUND ? Optional.empty() : positions.of(contractId);
        CommandResult result = CommandResult.rejected(
                parsed.issuance().commandId(),
                contractId,
                parsed.type(),
                code,
                message,
                position.map(ContractPositions.Position::sequence).orElse(null),
                position.map(ContractPositions.Position::contractVersion).orElse(null),
                clock.instant());
        try {
            transactions.executeWithoutResult(status -> processed.remember(result, parsed.command()));
            return result;
        } catch (DataIntegrityViolationException alreadyThere) {
            return earlierAnswer(parsed).orElseThrow();
        }
    }

    /**
     * Input refused before the aggregate: answered, not remembered, so a sender may correct the
     * record and retry under the same commandId.
     */
    private CommandResult refuse(Reading.Refused refused) {
        if (refused.commandId() == null) {
            return null;
        }
        Long sequence = null;
        String version = null;
        if (refused.contractId() != null && ContractId.isWellFormed(refused.contractId())) {
            Optional<ContractPositions.Position> position = positions.of(refused.contractId());
            sequence = position.map(ContractPositions.Position::sequence).orElse(null);
            version = position.map(ContractPositions.Position::contractVersion).orElse(null);
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
