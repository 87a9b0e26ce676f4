package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.CONFLICT;
import static com.slaledger.api.RejectionCode.CONTRACT_TERMINATED;
import static com.slaledger.api.RejectionCode.NOT_ALLOWED;
import static com.slaledger.api.RejectionCode.NOT_FOUND;
import static com.slaledger.contract.Rules.reject;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.Party;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.IssuedByTheService;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.ContractView.ContractStatus;

/** What every command passes first: who may issue it, its fields, termination and the expected version. */
final class Admission {

    private Admission() {}

    /**
     * @param contract the contract, or null before it is drafted
     * @param sequence the contract's current sequence, or null before its first event
     */
    static void admit(ContractView contract, Long sequence, ContractCommand command, Issuance issuance) {
        requireIssuerMayIssue(issuance, command);
        // Before termination and the expected version: a caller outside the contract learns nothing of it.
        requireIssuerRepresentsParty(contract, issuance, command);
        command.validate().orReject();
        if (contract != null && contract.status() == ContractStatus.TERMINATED) {
            throw reject(
                    CONTRACT_TERMINATED,
                    "contract " + contract.contractId() + " is terminated and accepts nothing more");
        }
        Long expected = issuance.expectedVersion();
        if (expected != null && !expected.equals(sequence)) {
            throw reject(CONFLICT, "expected sequence " + expected + " but the contract is at " + sequence);
        }
    }

    /**
     * The checks of who may issue the command, alone, for a resend answered from the store (ADR
     * 0030): a caller that may not speak for the issuing party is refused as a fresh command would
     * be, whatever the command's fields or the contract's state.
     */
    static void admitResend(ContractView contract, ContractCommand command, Issuance issuance) {
        requireIssuerMayIssue(issuance, command);
        requireIssuerRepresentsParty(contract, issuance, command);
    }

    /** Parties issue every public command; only the service itself issues the others. */
    private static void requireIssuerMayIssue(Issuance issuance, ContractCommand command) {
        boolean serviceCommand = command.getClass().isAnnotationPresent(IssuedByTheService.class);
        if (issuance.issuedBy().isSystem() != serviceCommand) {
            throw reject(
                    NOT_ALLOWED,
                    serviceCommand
                            ? "only SLA Ledger itself issues "
                                    + command.getClass().getSimpleName()
                            : "issuedBy.party must be CLIENT or SUPPLIER");
        }
    }

    /**
     * A caller limited to some parties may only speak for this contract's client or supplier if it is
     * one of them. A caller that is neither is told the contract does not exist, as for one that
     * does not: it may not learn that it does. Either refusal is of the caller, not the command, and
     * is not stored under its id (ADR 0030): a caller outside the contract cannot take the id a
     * party will use, nor make the party hear this refusal as its own answer.
     */
    private static void requireIssuerRepresentsParty(
            ContractView contract, Issuance issuance, ContractCommand command) {
        if (issuance.permittedPartyIds() == null || issuance.issuedBy().isSystem()) {
            return;
        }
        if (contract != null
                && !issuance.permittedPartyIds().contains(contract.clientId())
                && !issuance.permittedPartyIds().contains(contract.supplierId())) {
            throw CommandRejectedException.ofCaller(NOT_FOUND, "contract " + contract.contractId() + " does not exist");
        }
        boolean client = issuance.party() == Party.CLIENT;
        String partyId = contract != null
                ? contract.partyId(issuance.party())
                : command instanceof DraftContract draft ? (client ? draft.clientId() : draft.supplierId()) : null;
        if (partyId == null || !issuance.permittedPartyIds().contains(partyId)) {
            throw CommandRejectedException.ofCaller(
                    NOT_ALLOWED, "the caller may not speak for the " + issuance.party() + " of this contract");
        }
    }
}
