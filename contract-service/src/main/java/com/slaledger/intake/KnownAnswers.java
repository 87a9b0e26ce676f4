package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.command.ContractCommand;
import java.util.Map;
import java.util.Optional;

/**
 * The stored answers of one batch's commandIds, read in one query when the batch starts, plus the
 * answers the batch gives as it goes: a command sent twice within one poll is answered once. Kept
 * as a resource of the batch's root unit of work, where {@link IdempotencyInterceptor} finds it.
 */
final class KnownAnswers {

    static final String KEY = KnownAnswers.class.getName();

    private final Map<String, ProcessedCommands.Stored> answers;

    KnownAnswers(Map<String, ProcessedCommands.Stored> answers) {
        this.answers = answers;
    }

    /** As {@link ProcessedCommands#earlierAnswer}, from memory. */
    Optional<CommandResult> earlierAnswer(String commandId, ContractCommand command) {
        ProcessedCommands.Stored stored = answers.get(commandId);
        return stored == null ? Optional.empty() : Optional.of(stored.answerTo(command));
    }

    void add(ProcessedCommands.Stored stored) {
        answers.put(stored.commandId(), stored);
    }
}
