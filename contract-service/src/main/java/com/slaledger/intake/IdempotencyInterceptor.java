package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.contract.Contract;
import com.slaledger.contract.Issuance;
import com.slaledger.contract.Position;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes every command idempotent by its {@code commandId}, inside Axon's unit of work.
 *
 * <p>Before the handler runs, a stored result for the same id and the same command is returned as a
 * duplicate, with no second effect; the same id for another command is refused with
 * {@code COMMAND_ID_REUSED} and nothing is stored. Within a batch ({@link CommandBatch}) the answers
 * were read for the whole poll in one query, and the batch's own answers are added as it goes.
 *
 * <p>After the handler succeeded, its result is stored in {@code processed_command} in the
 * prepare-commit phase, in the same transaction as the events: both commit or neither. Within a
 * batch the result joins the batch's answers, which {@link CommandBatch} inserts together before
 * the commit. The position comes from the handler, which knows it; the events themselves may still
 * wait for the batch's commit. When two consumers race on the same id, the primary key rejects the
 * second insert and its unit of work rolls back (Axon also evicts the cached aggregate); a batch
 * that fails so is handled again one command at a time, where {@link CommandProcessor} answers
 * with the stored result.
 *
 * <p>The handler's answer is a future: the result is only known in the prepare-commit phase, and it
 * is complete by the time the dispatcher sees it.
 */
@Component
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final ProcessedCommands processed;
    private final Clock clock;
    private final ObjectProvider<Repository<Contract>> contracts;

    public IdempotencyInterceptor(
            ProcessedCommands processed, Clock clock, ObjectProvider<Repository<Contract>> contracts) {
        this.processed = processed;
        this.clock = clock;
        this.contracts = contracts;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> message = unitOfWork.getMessage();
        Object commandId = message.getMetaData().get(Issuance.COMMAND_ID);
        if (commandId == null || !(message.getPayload() instanceof ContractCommand command)) {
            return chain.proceed();
        }
        Party issuedBy = partyOf(message);
        KnownAnswers known = unitOfWork.root().getResource(KnownAnswers.KEY);
        Optional<CommandResult> earlier = known != null
                ? known.earlierAnswer(commandId.toString(), command, issuedBy)
                : processed.earlierAnswer(commandId.toString(), command, issuedBy);
        if (earlier.isPresent()) {
            requireCallerMayHear(command, message);
            return CompletableFuture.completedFuture(earlier.get());
        }
        Position reached = (Position) chain.proceed();
        CommandResult accepted = CommandResult.accepted(
                commandId.toString(),
                command.contractId().value(),
                command.getClass().getSimpleName(),
                reached.sequence(),
                reached.contractVersion(),
                clock.instant());
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        // Registered after the handler ran, so it runs after the handler's own prepare-commit work.
        unitOfWork.onPrepareCommit(work -> {
            if (known != null) {
                known.add(ProcessedCommands.Stored.of(accepted, command, issuedBy));
            } else {
                processed.remember(accepted, command, issuedBy);
            }
            result.complete(accepted);
        });
        return result;
    }

    /**
     * A caller limited to some parties hears a stored answer only if it may speak for the party that
     * issued it on this contract, as the contract's admission would judge a fresh command (ADR
     * 0030): loading the contract costs a resend from such a caller, and nobody else. A contract
     * that does not exist has no party to protect: its stored answer is about nothing.
     */
    private void requireCallerMayHear(ContractCommand command, CommandMessage<?> message) {
        Issuance issuance = Issuance.from(message.getMetaData());
        if (issuance.permittedPartyIds() == null) {
            return;
        }
        try {
            contracts
                    .getObject()
                    .load(command.contractId().value())
                    .execute(contract -> contract.admitResend(command, issuance));
        } catch (AggregateNotFoundException nothingThere) {
            // Nothing of a contract to reveal.
        } catch (CommandRejectedException refused) {
            throw new ResendRefused(refused.code(), refused.getMessage());
        }
    }

    /** The issuing party, as {@link Issuance} puts it in the metadata; null for the service's own commands. */
    private static Party partyOf(CommandMessage<?> message) {
        Object party = message.getMetaData().get(Issuance.PARTY);
        return party == null ? null : Party.valueOf(party.toString());
    }
}
