package com.slaledger.projection.evidence;

import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.CreditMonth;
import com.slaledger.api.view.SatisfactionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agreed clauses that pinch, over the last {@code months} UTC months, most pinching first. A
 * clause's score (0 to 1) is a weighted sum of five reasons, each normalised to 0..1:
 *
 * <ul>
 *   <li>{@code MONTHS_AT_CAP} (0.35): months in which the contract hit the cap and this clause earned
 *       credits that count towards it (more than 0.00, and not withdrawn), as a share of the months;
 *   <li>{@code BREACHES_PER_MONTH} (0.25): this clause's breaches per month, 3 or more per month
 *       counting fully; one both parties settled as withdrawn is no breach (it counts below, as
 *       disputed);
 *   <li>{@code DISPUTED_OR_WAIVED} (0.20): the share of its breaches disputed or waived: the parties
 *       do not agree with what the wording makes of them;
 *   <li>{@code SATISFACTION_TREND} (0.10): how far the client's mean score fell from the earlier half
 *       of the months to the later half, 5 points or more counting fully;
 *   <li>{@code OPEN_PAST_REVIEW_BY} (0.10): the contract's open clauses past their review-by date, 2
 *       or more counting fully: the parties have stopped filling in the contract together.
 * </ul>
 *
 * The last two concern the whole contract and weigh the same on every clause.
 */
public record ContractPinch(
        String contractId, int months, YearMonth fromMonth, YearMonth toMonth, List<ClausePinch> clauses) {

    public record ClausePinch(String clauseId, String heading, BigDecimal score, List<Reason> reasons) {}

    /** @param numbers the figures behind the reason */
    public record Reason(
            String reason,
            BigDecimal weight,
            BigDecimal normalised,
            BigDecimal contribution,
            Map<String, Object> numbers) {}

    static ContractPinch of(ContractView contract, LocalDate today, int months) {
        YearMonth to = YearMonth.from(today);
        YearMonth from = to.minusMonths(months - 1L);
        List<BreachView> inWindow = contract.breaches().stream()
                .filter(b -> {
                    YearMonth month = CreditReplay.monthOf(b);
                    return !month.isBefore(from) && !month.isAfter(to);
                })
                .toList();
        Reason satisfaction = satisfactionTrend(contract, from, to);
        long overdue = contract.clauses().stream()
                .filter(c -> contract.isOverdue(c, today))
                .count();
        Reason overdueReason = reason(
                "OPEN_PAST_REVIEW_BY",
                "0.10",
                Math.min(1.0, overdue / 2.0),
                Map.of("openClausesPastReviewBy", overdue));
        List<ClausePinch> clauses = contract.clauses().stream()
                .filter(c -> c.state() == ClauseView.ClauseState.AGREED)
                .map(c -> clausePinch(contract, c, inWindow, from, to, months, satisfaction, overdueReason))
                .sorted(Comparator.comparing(ClausePinch::score).reversed().thenComparing(ClausePinch::clauseId))
                .toList();
        return new ContractPinch(contract.contractId(), months, from, to, clauses);
    }

    private static ClausePinch clausePinch(
            ContractView contract,
            ClauseView clause,
            List<BreachView> inWindow,
            YearMonth from,
            YearMonth to,
            int months,
            Reason satisfaction,
            Reason overdue) {
        List<BreachView> own = inWindow.stream()
                .filter(b -> b.clauseId().equals(clause.clauseId()))
                .toList();
        long atCap = contract.credits().stream()
                .filter(m -> !m.month().isBefore(from) && !m.month().isAfter(to) && m.capReached())
                .map(CreditMonth::month)
                .filter(month -> own.stream()
                        .anyMatch(b -> b.hasCredit()
                                && b.countsTowardsCap()
                                && CreditReplay.monthOf(b).equals(month)))
                .count();
        long withdrawn = own.stream().filter(BreachView::isWithdrawn).count();
        double perMonth = (own.size() - withdrawn) / (double) months;
        long disputedOrWaived = own.stream()
                .filter(b -> b.waived() || b.dispute() != BreachView.Dispute.NONE)
                .count();
        List<Reason> reasons = List.of(
                reason(
                        "MONTHS_AT_CAP",
                        "0.35",
                        atCap / (double) months,
                        Map.of("monthsAtCap", atCap, "months", months)),
                reason(
                        "BREACHES_PER_MONTH",
                        "0.25",
                        Math.min(1.0, perMonth / 3.0),
                        Map.of(
                                "breaches",
                                own.size() - withdrawn,
                                "withdrawn",
                                withdrawn,
                                "months",
                                months,
                                "perMonth",
                                round(perMonth))),
                reason(
                        "DISPUTED_OR_WAIVED",
                        "0.20",
                        own.isEmpty() ? 0.0 : disputedOrWaived / (double) own.size(),
                        Map.of("disputedOrWaived", disputedOrWaived, "breaches", own.size())),
                satisfaction,
                overdue);
        BigDecimal score = reasons.stream()
                .map(Reason::contribution)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(4, RoundingMode.HALF_EVEN);
        return new ClausePinch(clause.clauseId(), clause.heading(), score, reasons);
    }

    /** The mean score of the later half of the window's months against the earlier half. */
    private static Reason satisfactionTrend(ContractView contract, YearMonth from, YearMonth to) {
        long span = from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1;
        YearMonth middle = from.plusMonths(span / 2);
        List<SatisfactionView> earlier = new ArrayList<>();
        List<SatisfactionView> later = new ArrayList<>();
        for (SatisfactionView s : contract.satisfaction()) {
            if (s.period().isBefore(from) || s.period().isAfter(to)) {
                continue;
            }
            (s.period().isBefore(middle) ? earlier : later).add(s);
        }
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("ratingsEarlier", earlier.size());
        numbers.put("ratingsLater", later.size());
        double fall = 0;
        if (!earlier.isEmpty() && !later.isEmpty()) {
            double before = mean(earlier);
            double after = mean(later);
            numbers.put("meanEarlier", round(before));
            numbers.put("meanLater", round(after));
            fall = Math.max(0, before - after);
        }
        numbers.put("fall", round(fall));
        return reason("SATISFACTION_TREND", "0.10", Math.min(1.0, fall / 5.0), numbers);
    }

    private static double mean(List<SatisfactionView> ratings) {
        return ratings.stream().mapToInt(SatisfactionView::score).average().orElse(0);
    }

    private static Reason reason(String name, String weight, double normalised, Map<String, Object> numbers) {
        BigDecimal w = new BigDecimal(weight);
        BigDecimal n = BigDecimal.valueOf(normalised).setScale(4, RoundingMode.HALF_EVEN);
        return new Reason(name, w, n, w.multiply(n).setScale(4, RoundingMode.HALF_EVEN), numbers);
    }

    private static BigDecimal round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }
}
