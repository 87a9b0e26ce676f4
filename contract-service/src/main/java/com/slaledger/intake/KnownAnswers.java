package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.api.command.ContractCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored answers of one batch's commandIds, read in one query when the batch starts, plus the
 * answers the batch gives as it goes: a command sent twice within one poll is answered once. Kept
 * as a resource of the batch's root unit of work, where {@link IdempotencyInterceptor} finds it.
 * The batch's own answers are inserted together just before it commits, in its transaction.
 */
final class KnownAnswers {

    static final String KEY = KnownAnswers.class.getName();

    private final Map<String, ProcessedCommands.Stored> answers;
    private final List<ProcessedCommands.Stored> unsaved = new ArrayList<>();

    KnownAnswers(Map<String, ProcessedCommands.Stored> answers) {
        this.answers = answers;
    }

    /** As {@link ProcessedCommands#earlierAnswer}, from memory. */
    Optional<CommandResult> earlierAnswer(String commandId, ContractCommand command, Party issuedBy) {
        ProcessedCommands.Stored stored = answers.get(commandId);
        return stored == null ? Optional.empty() : Optional.of(stored.answerTo(command, issuedBy));
    }

    /** An answer the batch gave: known from now on, and stored when the batch commits ({@link #unsaved}). */
    void add(ProcessedCommands.Stored stored) {
        answers.put(stored.commandId(), stored);
        unsaved.add(stored);
    }

    /** The answers given in this batch, in order: what the batch inserts before it commits. */
    List<ProcessedCommands.Stored> unsaved() {
        return unsaved;
    }
}
