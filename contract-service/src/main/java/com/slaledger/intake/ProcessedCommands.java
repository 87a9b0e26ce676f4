package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.json.SlaJson;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored result of every command that reached the aggregate, keyed by its commandId, with the
 * fingerprint of what the id was used for ({@link CommandFingerprint}).
 */
@Repository
public class ProcessedCommands {

    private final JdbcClient jdbc;

    public ProcessedCommands(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The stored result for a resend of this very command, as a duplicate; empty when the id is new.
     *
     * @throws CommandRejectedException with {@code COMMAND_ID_REUSED} when the id was used for
     *     another contract, type or payload: its stored result is not the caller's to see
     */
    public Optional<CommandResult> earlierAnswer(String commandId, ContractCommand command) {
        return jdbc.sql("SELECT result, contract_id, type, fingerprint FROM processed_command WHERE command_id = ?")
                .param(commandId)
                .query((rs, row) -> {
                    String fingerprint = rs.getString(4);
                    boolean same = fingerprint == null
                            ? rs.getString(2).equals(command.contractId().value())
                                    && rs.getString(3).equals(command.getClass().getSimpleName())
                            : fingerprint.equals(CommandFingerprint.of(command));
                    if (!same) {
                        throw new CommandRejectedException(
                                RejectionCode.COMMAND_ID_REUSED,
                                "commandId " + commandId
                                        + " was already used for another command; use a new commandId for a new command");
                    }
                    return SlaJson.mapper().readValue(rs.getString(1), CommandResult.class);
                })
                .optional()
                .map(CommandResult::asDuplicate);
    }

    /** Inserts the result; a second insert for the same commandId fails on the primary key. */
    public void remember(CommandResult result, ContractCommand command) {
        jdbc.sql("""
                        INSERT INTO processed_command (command_id, contract_id, type, result, processed_at, fingerprint)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .param(result.commandId())
                .param(result.contractId())
                .param(result.type())
                .param(SlaJson.mapper().writeValueAsString(result))
                .param(Timestamp.from(result.processedAt()))
                .param(CommandFingerprint.of(command))
                .update();
    }
}
