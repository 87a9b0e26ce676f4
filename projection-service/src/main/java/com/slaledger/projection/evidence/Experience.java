package com.slaledger.projection.evidence;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.FieldProblems;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.web.NotFoundException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Experience into numbers, read-only and party-scoped: the evidence of an open clause, what-if
 * replays of a clause's breaches, and the clauses that pinch. Each works on the contract as the
 * shared fold gives it, now or as it was known at an instant ({@code knownAt}).
 */
@Component
public class Experience {

    private final ContractViews views;
    private final PartyScope scope;
    private final Clock clock;

    public Experience(ContractViews views, PartyScope scope, Clock clock) {
        this.views = views;
        this.scope = scope;
        this.clock = clock;
    }

    public ClauseEvidence evidence(
            String contractId, String clauseId, Instant knownAt, double coverage, BigDecimal creditPercent) {
        if (!(coverage > 0 && coverage <= 1)) {
            throw new IllegalArgumentException("coverage must be above 0 and at most 1");
        }
        requireWithinTheCommandsLimits(FieldProblems.check().percent("creditPercent", creditPercent, false));
        ContractView contract = contract(contractId, knownAt);
        ClauseView clause = clause(contract, clauseId);
        if (clause.openedAt() == null) {
            throw new CommandRejectedException(
                    RejectionCode.CLAUSE_NOT_OPEN,
                    "clause " + clauseId + " was never open: there is no experience to show");
        }
        return ClauseEvidence.of(contract, clause, at(knownAt), coverage, creditPercent);
    }

    public WhatIf whatIf(
            String contractId,
            String clauseId,
            Instant knownAt,
            BigDecimal target,
            ServiceLevel.Unit unit,
            BigDecimal creditPercent) {
        requireWithinTheCommandsLimits(
                FieldProblems.check().measure("target", target, unit).percent("creditPercent", creditPercent, true));
        ContractView contract = contract(contractId, knownAt);
        return WhatIf.of(contract, clause(contract, clauseId), new WhatIf.Alternative(target, unit, creditPercent));
    }

    public ContractPinch pinch(String contractId, int months, Instant knownAt) {
        if (months < 1 || months > 36) {
            throw new IllegalArgumentException("months must be between 1 and 36");
        }
        return ContractPinch.of(contract(contractId, knownAt), UtcCalendar.day(at(knownAt)), months);
    }

    private ContractView contract(String contractId, Instant knownAt) {
        scope.requireVisible(contractId);
        return views.withBreaches(contractId, knownAt)
                .orElseThrow(() -> new NotFoundException(
                        "no contract " + contractId + (knownAt == null ? "" : " was known at " + knownAt)));
    }

    private static ClauseView clause(ContractView contract, String clauseId) {
        return contract.clause(clauseId)
                .orElseThrow(() -> new NotFoundException(
                        RejectionCode.CLAUSE_NOT_FOUND,
                        "contract " + contract.contractId() + " has no clause " + clauseId));
    }

    private Instant at(Instant knownAt) {
        return knownAt == null ? clock.instant() : knownAt;
    }

    /**
     * A target and credit % are held to the limits a command's are (FieldProblems): a wording the
     * parties could not agree is not one to replay.
     */
    private static void requireWithinTheCommandsLimits(FieldProblems problems) {
        if (!problems.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.problems()));
        }
    }
}
