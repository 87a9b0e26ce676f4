package com.slaledger.projection.contractview;

import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import java.util.List;

/**
 * What a held view or breach list weighs in the caches of this package: one for the contract and
 * for each clause and breach, and one for each 256 characters of their text (or bytes of a
 * rendered answer), about what a breach of a short description holds. Counted alone, a clause written
 * at its 20,000-character limit weighed as much as one of a line, so a bound meant for some tens
 * of megabytes held gigabytes of long clauses and descriptions in a 512 MB heap (ADR 0033).
 */
final class ViewWeights {

    private static final int CHARS_PER_UNIT = 256;

    private ViewWeights() {}

    static int of(ContractView view, byte[] json) {
        long chars = 0;
        for (ClauseView clause : view.clauses()) {
            chars += length(clause.heading()) + length(clause.text()) + length(clause.intent());
            ClauseView.Proposal pending = clause.pending();
            if (pending != null) {
                chars += length(pending.heading())
                        + length(pending.text())
                        + length(pending.intent())
                        + length(pending.reason());
            }
        }
        for (BreachView breach : view.breaches()) {
            chars += textOf(breach);
        }
        long bytes = json == null ? 0 : json.length;
        return units(1 + view.clauses().size() + view.breaches().size(), chars + bytes);
    }

    static int of(List<BreachView> breaches) {
        long chars = 0;
        for (BreachView breach : breaches) {
            chars += textOf(breach);
        }
        return units(1 + breaches.size(), chars);
    }

    private static long textOf(BreachView breach) {
        return length(breach.description()) + length(breach.waiverReason()) + length(breach.disputeReason());
    }

    private static int units(long items, long chars) {
        return (int) Math.min(Integer.MAX_VALUE, items + chars / CHARS_PER_UNIT);
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
