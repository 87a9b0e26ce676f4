package com.slaledger.intake;

import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a commandId was used for: SHA-256 over the contract, the type and the canonical JSON of the
 * payload. An idempotency key identifies one command, so a resend must match it exactly; the same
 * key for another contract, type or payload is {@code COMMAND_ID_REUSED}, not a duplicate. The
 * issuing party is kept beside it, in a column of its own ({@link ProcessedCommands.Stored}), so
 * that rows stored before it was kept still compare by this fingerprint alone.
 */
final class CommandFingerprint {

    private CommandFingerprint() {}

    static String of(ContractCommand command) {
        String input = command.contractId().value()
                + "\n" + command.getClass().getSimpleName()
                + "\n" + SlaJson.canonical(SlaJson.mapper().valueToTree(command));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
