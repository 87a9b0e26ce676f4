package com.slaledger.projection.evidence;

import com.slaledger.api.ServiceLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Evidence for open clauses, what-if replays and the clauses that pinch (roles ANALYST, AUDITOR). */
@RestController
public class ExperienceEndpoint {

    private final Experience experience;

    public ExperienceEndpoint(Experience experience) {
        this.experience = experience;
    }

    @Operation(
            summary = "Evidence for a clause that is or was open",
            description = "The breaches recorded while it was open with their measured values, the count per month, "
                    + "per unit the min, median, p90 and max (nearest rank), a service level the experience would "
                    + "have met in `coverage` of the months with measurements, and the credits it would have "
                    + "produced. Breaches without a measured value count per month only; one settled as withdrawn "
                    + "is left out (the notes say how many). 409 CLAUSE_NOT_OPEN for a clause never open.")
    @GetMapping("/api/contracts/{contractId}/clauses/{clauseId}/evidence")
    public ClauseEvidence evidence(
            @PathVariable String contractId,
            @PathVariable String clauseId,
            @Parameter(description = "share of months the suggested level would have met, (0, 1]")
                    @RequestParam(defaultValue = "0.9")
                    double coverage,
            @Parameter(description = "credit % for the suggestion's credits; default the clause's agreed %")
                    @RequestParam(required = false)
                    BigDecimal creditPercent,
            @Parameter(description = "the evidence as it was known at this instant")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant knownAt) {
        return experience.evidence(contractId, clauseId, knownAt, coverage, creditPercent);
    }

    @Operation(
            summary = "Replay a clause's breaches against other wording",
            description = "Per month: which breaches would have counted (measured value misses the target; a breach "
                    + "without a measured value counts as recorded; withdrawn never counts), the credit within the "
                    + "month's cap, and the difference to what was credited. 400 when the unit does not match the "
                    + "clause's measurements. Nothing is written.")
    @GetMapping("/api/contracts/{contractId}/clauses/{clauseId}/what-if")
    public WhatIf whatIf(
            @PathVariable String contractId,
            @PathVariable String clauseId,
            @RequestParam BigDecimal target,
            @RequestParam ServiceLevel.Unit unit,
            @RequestParam BigDecimal creditPercent,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant knownAt) {
        return experience.whatIf(contractId, clauseId, knownAt, target, unit, creditPercent);
    }

    @Operation(
            summary = "The agreed clauses that pinch",
            description = "A score from 0 to 1 per agreed clause over the last `months` UTC months, most pinching "
                    + "first, with its reasons and the numbers behind them: months at the cap in which the clause "
                    + "earned a credit that counts towards it (0.35), breaches per month (0.25), share disputed "
                    + "or waived (0.20), satisfaction trend (0.10), open clauses past their review-by date (0.10).")
    @GetMapping("/api/contracts/{contractId}/pinch")
    public ContractPinch pinch(
            @PathVariable String contractId,
            @RequestParam(defaultValue = "6") int months,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant knownAt) {
        return experience.pinch(contractId, months, knownAt);
    }
}
