package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.json.SlaJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored result of every command that reached the aggregate, keyed by its commandId, with the
 * fingerprint of what the id was used for ({@link CommandFingerprint}) and the party that issued it.
 */
@Repository
public class ProcessedCommands {

    private static final String COLUMNS = "command_id, result, contract_id, type, fingerprint, processed_at, party";

    private static final String INSERT = """
            INSERT INTO processed_command (command_id, contract_id, type, result, processed_at, fingerprint, party)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    /** The issuer stored for the service's own commands, which no party issues. */
    static final String SYSTEM = "SYSTEM";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    public ProcessedCommands(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /**
     * A stored answer and what its commandId was used for: the command's fingerprint and the party
     * that issued it ({@link #issuer}; null in rows stored before the party was kept).
     */
    record Stored(
            String commandId,
            String result,
            String contractId,
            String type,
            String fingerprint,
            Instant processedAt,
            String party) {

        /** The answer to store for a command, not stored yet. */
        static Stored of(CommandResult result, ContractCommand command, Party issuedBy) {
            return new Stored(
                    result.commandId(),
                    SlaJson.mapper().writeValueAsString(result),
                    result.contractId(),
                    result.type(),
                    CommandFingerprint.of(command),
                    result.processedAt(),
                    issuer(issuedBy));
        }

        /**
         * The answer to a resend of this very command, as a duplicate.
         *
         * @throws CommandRejectedException with {@code COMMAND_ID_REUSED} when the id was used for
         *     another contract, type or payload, or by another party: its stored result is not the
         *     caller's to see, and the caller's command had no effect
         */
        CommandResult answerTo(ContractCommand command, Party issuedBy) {
            boolean sameCommand = fingerprint == null
                    ? contractId.equals(command.contractId().value())
                            && type.equals(command.getClass().getSimpleName())
                    : fingerprint.equals(CommandFingerprint.of(command));
            boolean sameParty = party == null || party.equals(issuer(issuedBy));
            if (!sameCommand || !sameParty) {
                throw new ResendRefused(
                        RejectionCode.COMMAND_ID_REUSED,
                        "commandId " + commandId
                                + " was already used for another command; use a new commandId for a new command");
            }
            return SlaJson.mapper().readValue(result, CommandResult.class).asDuplicate();
        }
    }

    /**
     * The stored result for a resend of this very command, as a duplicate; empty when the id is new.
     *
     * @throws CommandRejectedException with {@code COMMAND_ID_REUSED} when the id was used for
     *     another command
     */
    public Optional<CommandResult> earlierAnswer(String commandId, ContractCommand command, Party issuedBy) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM processed_command WHERE command_id = ?")
                .param(commandId)
                .query((rs, row) -> stored(rs))
                .optional()
                .map(stored -> stored.answerTo(command, issuedBy));
    }

    /** The stored answers of a whole poll's commandIds, in one query. */
    Map<String, Stored> answers(Collection<String> commandIds) {
        Map<String, Stored> answers = new HashMap<>();
        if (commandIds.isEmpty()) {
            return answers;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM processed_command WHERE command_id = ANY (?)")
                .param(commandIds.toArray(String[]::new))
                .query((rs, row) -> stored(rs))
                .list()
                .forEach(stored -> answers.put(stored.commandId(), stored));
        return answers;
    }

    /** Inserts the result; a second insert for the same commandId fails on the primary key. */
    public Stored remember(CommandResult result, ContractCommand command, Party issuedBy) {
        Stored stored = Stored.of(result, command, issuedBy);
        rememberAll(List.of(stored));
        return stored;
    }

    /**
     * Inserts the answers of one batch in one JDBC batch, which the driver sends as multi-row
     * inserts ({@code reWriteBatchedInserts}): one round trip instead of one per command. A
     * commandId stored already fails the whole batch on the primary key.
     */
    void rememberAll(List<Stored> answers) {
        if (answers.isEmpty()) {
            return;
        }
        batches.batchUpdate(INSERT, answers, answers.size(), (insert, stored) -> {
            insert.setString(1, stored.commandId());
            insert.setString(2, stored.contractId());
            insert.setString(3, stored.type());
            insert.setString(4, stored.result());
            insert.setTimestamp(5, Timestamp.from(stored.processedAt()));
            insert.setString(6, stored.fingerprint());
            insert.setString(7, stored.party());
        });
    }

    /** The party as stored: its name, or {@link #SYSTEM} for the service's own commands (no party). */
    static String issuer(Party issuedBy) {
        return issuedBy == null ? SYSTEM : issuedBy.name();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        Timestamp processedAt = rs.getTimestamp(6);
        return new Stored(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                processedAt == null ? null : processedAt.toInstant(),
                rs.getString(7));
    }
}
