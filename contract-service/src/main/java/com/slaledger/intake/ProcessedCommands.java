package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored result of every command that reached the aggregate, keyed by its commandId. */
@Repository
public class ProcessedCommands {

    private final JdbcClient jdbc;

    public ProcessedCommands(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CommandResult> find(String commandId) {
        return jdbc.sql("SELECT result FROM processed_command WHERE command_id = ?")
                .param(commandId)
                .query(String.class)
                .optional()
                .map(json -> SlaJson.mapper().readValue(json, CommandResult.class));
    }

    /** Inserts the result; a second insert for the same commandId fails on the primary key. */
    public void remember(CommandResult result) {
        jdbc.sql("""
                        INSERT INTO processed_command (command_id, contract_id, type, result, processed_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .param(result.commandId())
                .param(result.contractId())
                .param(result.type())
                .param(SlaJson.mapper().writeValueAsString(result))
                .param(Timestamp.from(result.processedAt()))
                .update();
    }
}
