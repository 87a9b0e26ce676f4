package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.contract.Issuance;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Makes every command idempotent by its {@code commandId}, inside Axon's unit of work.
 *
 * <p>Before the handler runs, a stored result for the same id and the same command is returned as a
 * duplicate, with no second effect; the same id for another command is refused with
 * {@code COMMAND_ID_REUSED} and nothing is stored. After the handler succeeded, the result is inserted into {@code processed_command}
 * in the prepare-commit phase, after the events were appended: events, result and the rows written
 * by subscribing handlers commit in one transaction. When two consumers race on the same id, the
 * primary key rejects the second insert, its unit of work rolls back (Axon also evicts the cached
 * aggregate), and {@link CommandProcessor} answers with the stored result.
 *
 * <p>The handler's answer is a future: the result is only known in the prepare-commit phase, and it
 * is complete by the time the dispatcher sees it, after the unit of work committed.
 */
@Component
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final ProcessedCommands processed;
    private final ContractPositions positions;
    private final Clock clock;

    public IdempotencyInterceptor(ProcessedCommands processed, ContractPositions positions, Clock clock) {
        this.processed = processed;
        this.positions = positions;
        this.clock = clock;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> message = unitOfWork.getMessage();
        Object commandId = message.getMetaData().get(Issuance.COMMAND_ID);
        if (commandId == null || !(message.getPayload() instanceof ContractCommand command)) {
            return chain.proceed();
        }
        Optional<CommandResult> earlier = processed.earlierAnswer(commandId.toString(), command);
        if (earlier.isPresent()) {
            return CompletableFuture.completedFuture(earlier.get());
        }
        chain.proceed();
        String contractId = command.contractId().value();
        String type = command.getClass().getSimpleName();
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        // Registered after the handler ran, so it runs after the event store appended the events.
        unitOfWork.onPrepareCommit(work -> {
            ContractPositions.Position position = positions.of(contractId).orElseThrow();
            CommandResult accepted = CommandResult.accepted(
                    commandId.toString(),
                    contractId,
                    type,
                    position.sequence(),
                    position.contractVersion(),
                    clock.instant());
            processed.remember(accepted, command);
            result.complete(accepted);
        });
        return result;
    }
}
