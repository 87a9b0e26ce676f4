package com.slaledger.api.view;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.event.CreditExplanation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * The SLA's rules that give an event its content, in one place: the version an agreed change
 * reaches, and how a breach is judged (its treatment, and the service credit with its monthly cap).
 * The aggregate asks them when it decides; the tests' stories and the fold benchmark ask them to
 * write the same facts.
 */
public final class SlaRules {

    private SlaRules() {}

    /**
     * Each agreed change raises the minor version; the one that leaves no open clause, where there
     * was one, starts a new major version (the SLA 2.0 milestone, then 3.0, ...).
     */
    public static ContractVersion versionAfterAgreeing(ContractView contract, String clauseId, ChangeKind kind) {
        boolean clauseOpenNow =
                contract.clause(clauseId).map(ClauseView::isOpen).orElse(false);
        long openBefore = contract.openClauseCount();
        long openAfter = openBefore - (clauseOpenNow ? 1 : 0) + (kind.leavesClauseOpen() ? 1 : 0);
        ContractVersion current = ContractVersion.parse(contract.version());
        return openBefore > 0 && openAfter == 0 ? current.nextMajor() : current.nextMinor();
    }

    /**
     * How a breach is recorded: its treatment, and for a credited one the capped credit; with the
     * service level in force that it is measured against (null on an open clause or one without).
     */
    public record Judgement(BreachTreatment treatment, CreditExplanation credit, ServiceLevel serviceLevel) {}

    /**
     * A breach of {@code clause} at {@code occurredAt}, judged by the clause's terms in force then,
     * however late it is recorded: experience where it was open, a capped credit where it was agreed
     * with a credit %, neither otherwise. Empty when the clause was not in force then (ADR 0005).
     */
    public static Optional<Judgement> judge(ContractView contract, ClauseView clause, Instant occurredAt) {
        return clause.inForceAt(occurredAt).map(inForce -> {
            BreachTreatment treatment = treatmentOf(inForce);
            return new Judgement(
                    treatment,
                    treatment == BreachTreatment.CREDITED ? creditFor(contract, inForce, occurredAt) : null,
                    inForce.isOpen() ? null : inForce.serviceLevel());
        });
    }

    /** Experience while the clause is open; a credit where the agreed clause has a percentage. */
    private static BreachTreatment treatmentOf(ClauseView clause) {
        if (clause.isOpen()) {
            return BreachTreatment.EXPERIENCE;
        }
        return clause.earnsCredits() ? BreachTreatment.CREDITED : BreachTreatment.NOT_CREDITED;
    }

    /**
     * credit % × monthly fee, capped so that one UTC month's credits never exceed the at-risk
     * amount. The month is that of the breach's occurrence.
     */
    private static CreditExplanation creditFor(ContractView contract, ClauseView clause, Instant occurredAt) {
        YearMonth month = UtcCalendar.month(occurredAt);
        Money atRisk = contract.atRiskAmount();
        Money before = contract.creditedIn(month);
        Money uncapped = contract.monthlyFee().percent(clause.creditPercent());
        Money credited = uncapped.min(atRisk.minus(before).atLeastZero());
        return new CreditExplanation(
                month,
                clause.creditPercent(),
                contract.monthlyFee(),
                contract.atRiskPercent(),
                atRisk,
                before,
                uncapped,
                credited,
                uncapped.isGreaterThan(credited));
    }

    /** An open clause's review is overdue once the day (UTC) after its review-by date has begun. */
    public static boolean reviewOverdue(ClauseView clause, LocalDate reviewBy, Instant now) {
        return clause.isOpen()
                && !clause.reviewDue()
                && reviewBy.equals(clause.reviewBy())
                && clause.reviewBy().isBefore(UtcCalendar.day(now));
    }
}
