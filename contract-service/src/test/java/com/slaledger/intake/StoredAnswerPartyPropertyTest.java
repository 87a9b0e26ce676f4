package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.command.SettleDispute;
import com.slaledger.api.command.SignContract;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A stored answer is a resend's answer only when the resend is the same command from the same
 * party: the commands both parties send alike (signing, agreeing, settling) under one commandId
 * are two commands. Rows stored before the party was kept compare without it.
 */
class StoredAnswerPartyPropertyTest {

    @Property
    void aStoredAnswerAnswersOnlyTheSamePartysResend(
            @ForAll("sharedCommands") ContractCommand command,
            @ForAll("issuers") Party first,
            @ForAll("issuers") Party resender) {
        ProcessedCommands.Stored stored = ProcessedCommands.Stored.of(accepted(command), command, first);

        if (first == resender) {
            assertThat(stored.answerTo(command, resender).duplicate()).isTrue();
        } else {
            assertThatThrownBy(() -> stored.answerTo(command, resender))
                    .isInstanceOfSatisfying(
                            CommandRejectedException.class,
                            refused -> assertThat(refused.code()).isEqualTo(RejectionCode.COMMAND_ID_REUSED));
        }
    }

    @Property
    void aRowStoredBeforeThePartyWasKeptAnswersEitherPartysResend(
            @ForAll("sharedCommands") ContractCommand command, @ForAll("issuers") Party resender) {
        ProcessedCommands.Stored kept = ProcessedCommands.Stored.of(accepted(command), command, Party.CLIENT);
        ProcessedCommands.Stored old = new ProcessedCommands.Stored(
                kept.commandId(),
                kept.result(),
                kept.contractId(),
                kept.type(),
                kept.fingerprint(),
                kept.processedAt(),
                null);

        assertThat(old.answerTo(command, resender).duplicate()).isTrue();
    }

    @Provide
    Arbitrary<Party> issuers() {
        return Arbitraries.of(Party.CLIENT, Party.SUPPLIER).injectNull(0.2);
    }

    @Provide
    Arbitrary<ContractCommand> sharedCommands() {
        Arbitrary<ContractId> contract =
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(id -> ContractId.of("C-" + id));
        Arbitrary<String> name = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        return Arbitraries.oneOf(
                contract.map(SignContract::new),
                contract.flatMap(id -> name.map(clause -> new AgreeToChange(id, ClauseId.of(clause), null))),
                contract.flatMap(id -> name.flatMap(breach -> Arbitraries.of(SettlementOutcome.class)
                        .map(outcome -> new SettleDispute(id, BreachId.of(breach), outcome, null)))));
    }

    private static CommandResult accepted(ContractCommand command) {
        return CommandResult.accepted(
                "shared-id",
                command.contractId().value(),
                command.getClass().getSimpleName(),
                3,
                null,
                Instant.parse("2026-12-04T12:00:00Z"));
    }
}
