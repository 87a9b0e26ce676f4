package com.slaledger.projection.versions;

import com.slaledger.api.ServiceLevel;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The clauses that differ between two versions of a contract. */
public record VersionDiff(String contractId, String from, String to, List<ClauseChange> changes) {

    public enum Change {
        ADDED,
        REMOVED,
        FILLED_IN,
        REOPENED,
        AMENDED
    }

    /** One clause's change, with what it said before and after. */
    public record ClauseChange(String clauseId, Change change, Side before, Side after) {}

    /** A clause's content on one side of the diff. */
    public record Side(
            String state,
            String heading,
            String text,
            String intent,
            ServiceLevel serviceLevel,
            BigDecimal creditPercent) {
        static Side of(ClauseView c) {
            return c == null
                    ? null
                    : new Side(
                            c.state().name(), c.heading(), c.text(), c.intent(), c.serviceLevel(), c.creditPercent());
        }
    }

    static VersionDiff between(ContractView from, ContractView to) {
        Set<String> ids = new LinkedHashSet<>();
        from.clauses().forEach(c -> ids.add(c.clauseId()));
        to.clauses().forEach(c -> ids.add(c.clauseId()));
        List<ClauseChange> changes = new ArrayList<>();
        for (String id : ids) {
            ClauseView before = agreedOrOpen(from.clause(id));
            ClauseView after = agreedOrOpen(to.clause(id));
            Side was = Side.of(before);
            Side is = Side.of(after);
            if (Objects.equals(was, is)) {
                continue;
            }
            Change change = before == null
                    ? Change.ADDED
                    : after == null
                            ? Change.REMOVED
                            : before.isOpen() && !after.isOpen()
                                    ? Change.FILLED_IN
                                    : !before.isOpen() && after.isOpen() ? Change.REOPENED : Change.AMENDED;
            changes.add(new ClauseChange(id, change, was, is));
        }
        return new VersionDiff(to.contractId(), from.version(), to.version(), changes);
    }

    /** A clause still only proposed is not part of the agreed text. */
    private static ClauseView agreedOrOpen(Optional<ClauseView> clause) {
        return clause.filter(c -> c.state() != ClauseView.ClauseState.PROPOSED).orElse(null);
    }
}
