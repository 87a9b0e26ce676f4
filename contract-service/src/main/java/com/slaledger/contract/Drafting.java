package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.CLAUSE_ALREADY_OPEN;
import static com.slaledger.api.RejectionCode.CLAUSE_IS_OPEN;
import static com.slaledger.api.RejectionCode.CLAUSE_NOT_OPEN;
import static com.slaledger.api.RejectionCode.CONTRACT_EXISTS;
import static com.slaledger.api.RejectionCode.INVALID;
import static com.slaledger.api.RejectionCode.NO_CHANGE;
import static com.slaledger.api.RejectionCode.REVIEW_BY_AFTER_TERM;
import static com.slaledger.contract.Rules.isDraft;
import static com.slaledger.contract.Rules.reject;
import static com.slaledger.contract.Rules.requireActive;
import static com.slaledger.contract.Rules.requireClause;
import static com.slaledger.contract.Rules.requireClauseIsNew;
import static com.slaledger.contract.Rules.requireNoPendingProposal;
import static com.slaledger.contract.Rules.requireNobodySignedYet;

import com.slaledger.api.Party;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ClauseAmended;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractDrafted;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Drafting a contract and its clauses. Before the first signature either party drafts, leaves open,
 * fills in and amends clauses freely; once the contract is active each of these is a proposal that
 * the other party must agree to.
 */
final class Drafting {

    private Drafting() {}

    static ContractDrafted draftContract(ContractView contract, DraftContract command) {
        if (contract != null) {
            throw reject(CONTRACT_EXISTS, "contract " + command.contractId() + " already exists");
        }
        if (!command.monthlyFee().isPositive()) {
            throw reject(INVALID, "monthlyFee must be above 0");
        }
        if (command.endDate() != null && !command.endDate().isAfter(command.startDate())) {
            throw reject(INVALID, "endDate must be after startDate");
        }
        return ContractDrafted.of(command);
    }

    static ContractEvent draftClause(ContractView contract, DraftClause command, Party by) {
        requireClauseIsNew(contract, command.clauseId());
        if (!isDraft(contract)) {
            return propose(contract, ChangeProposed.addClause(command, by));
        }
        requireNobodySignedYet(contract);
        return ClauseDrafted.of(command);
    }

    /**
     * A new open clause; on an active contract, reopening one it has is proposed too. Its review-by
     * date lies within the term.
     */
    static ContractEvent leaveClauseOpen(ContractView contract, LeaveClauseOpen command, Party by) {
        if (isDraft(contract)) {
            requireNobodySignedYet(contract);
            requireClauseIsNew(contract, command.clauseId());
            requireReviewByInTerm(contract, command.reviewBy());
            return ClauseLeftOpen.of(command);
        }
        boolean reopen = contract.clause(command.clauseId()).isPresent();
        if (reopen && requireClause(contract, command.clauseId()).isOpen()) {
            throw reject(CLAUSE_ALREADY_OPEN, "clause " + command.clauseId() + " is already open");
        }
        if (!reopen) {
            requireClauseIsNew(contract, command.clauseId());
        }
        requireReviewByInTerm(contract, command.reviewBy());
        return propose(contract, ChangeProposed.leaveOpen(command, by, reopen));
    }

    /**
     * The date by which both parties mean to fill a clause in comes while the contract runs: one
     * after the end never would. One already passed is accepted (a contract entered after the fact)
     * and is marked due by the next scan.
     */
    private static void requireReviewByInTerm(ContractView contract, LocalDate reviewBy) {
        if (contract.endDate() != null && reviewBy.isAfter(contract.endDate())) {
            throw reject(REVIEW_BY_AFTER_TERM, "reviewBy " + reviewBy + " lies after the term " + Rules.term(contract));
        }
    }

    static ContractEvent fillInClause(ContractView contract, FillInClause command, Party by) {
        if (!requireClause(contract, command.clauseId()).isOpen()) {
            throw reject(CLAUSE_NOT_OPEN, "clause " + command.clauseId() + " is not open");
        }
        if (!isDraft(contract)) {
            return propose(contract, ChangeProposed.fillIn(command, by));
        }
        requireNobodySignedYet(contract);
        return ClauseFilledIn.of(command);
    }

    static ContractEvent amendClause(ContractView contract, AmendClause command, Party by) {
        ClauseView clause = requireClause(contract, command.clauseId());
        if (clause.isOpen()) {
            throw reject(CLAUSE_IS_OPEN, "clause " + command.clauseId() + " is open; fill it in rather than amend it");
        }
        if (sameWording(clause, command)) {
            throw reject(
                    NO_CHANGE,
                    "the amendment leaves clause " + command.clauseId()
                            + " as it is: the same text, service level and credit %");
        }
        if (!isDraft(contract)) {
            return propose(contract, ChangeProposed.amend(command, by));
        }
        requireNobodySignedYet(contract);
        return ClauseAmended.of(command);
    }

    /**
     * An amendment that would change nothing, which agreed would be a version no diff can tell from
     * the one before. Numbers compare by value: {@code 30} and {@code 30.0} minutes are the same.
     */
    private static boolean sameWording(ClauseView clause, AmendClause command) {
        ServiceLevel now = clause.serviceLevel();
        ServiceLevel proposed = command.serviceLevel();
        boolean sameLevel = now == null || proposed == null
                ? now == proposed
                : now.metric() == proposed.metric()
                        && now.unit() == proposed.unit()
                        && now.window() == proposed.window()
                        && sameNumber(now.target(), proposed.target());
        return clause.text().equals(command.text())
                && sameLevel
                && sameNumber(clause.creditPercent(), command.creditPercent());
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? a == b : a.compareTo(b) == 0;
    }

    private static ChangeProposed propose(ContractView contract, ChangeProposed proposal) {
        requireActive(contract);
        requireNoPendingProposal(contract, proposal.clauseId());
        return proposal;
    }
}
