package com.slaledger.api.view;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.event.CreditExplanation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The SLA's rules that give an event its content, in one place: the version an agreed change
 * reaches, how a breach is treated, and the service credit with its monthly cap. The aggregate asks
 * them when it decides; what-if replays may ask them too.
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

    /** Experience while the clause is open; a credit where the agreed clause has a percentage. */
    public static BreachTreatment treatmentOf(ClauseView clause) {
        if (clause.isOpen()) {
            return BreachTreatment.EXPERIENCE;
        }
        return clause.earnsCredits() ? BreachTreatment.CREDITED : BreachTreatment.NOT_CREDITED;
    }

    /**
     * credit % × monthly fee, capped so that one UTC month's credits never exceed the at-risk
     * amount. The month is that of the breach's occurrence.
     */
    public static CreditExplanation creditFor(ContractView contract, ClauseView clause, Instant occurredAt) {
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
