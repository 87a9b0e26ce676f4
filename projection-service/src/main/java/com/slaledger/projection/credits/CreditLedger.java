package com.slaledger.projection.credits;

import com.slaledger.api.Money;
import com.slaledger.api.event.CreditExplanation;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.CreditMonth;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The explained credit ledger: per month the credited total against the cap, and per credit the
 * breach, clause, formula inputs, cap applied and what became of it (waived, disputed, withdrawn).
 */
public record CreditLedger(String contractId, Instant knownAt, List<Month> months) {

    public record Month(
            YearMonth month,
            Money cap,
            Money credited,
            Money waived,
            Money released,
            Money payable,
            boolean capReached,
            List<Credit> credits) {}

    public record Credit(
            String breachId,
            String clauseId,
            Instant occurredAt,
            Instant recordedAt,
            CreditExplanation explanation,
            boolean waived,
            String waiverReason,
            BreachView.Dispute dispute) {}

    static CreditLedger of(ContractView view, YearMonth only, Instant knownAt) {
        List<Month> months = view.credits().stream()
                .filter(m -> only == null || m.month().equals(only))
                .map(m -> month(view, m))
                .toList();
        return new CreditLedger(view.contractId(), knownAt, months);
    }

    private static Month month(ContractView view, CreditMonth m) {
        List<Credit> credits = view.breaches().stream()
                .filter(b -> b.credit() != null && b.credit().month().equals(m.month()))
                .map(b -> new Credit(
                        b.breachId(),
                        b.clauseId(),
                        b.occurredAt(),
                        b.recordedAt(),
                        b.credit(),
                        b.waived(),
                        b.waiverReason(),
                        b.dispute()))
                .toList();
        return new Month(
                m.month(), m.cap(), m.credited(), m.waived(), m.released(), m.payable(), m.capReached(), credits);
    }
}
