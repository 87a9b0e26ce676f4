package com.slaledger.projection.audit;

import com.slaledger.api.BreachTreatment;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.event.*;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ClauseView.Wording;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractFold.Transition;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.audit.ClauseProvenance.Kind;
import com.slaledger.projection.audit.ClauseProvenance.Step;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.web.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** How one clause came to be: the steps of the shared fold that touched it. */
@Component
public class Provenance {

    private final ContractViews views;
    private final PartyScope scope;

    public Provenance(ContractViews views, PartyScope scope) {
        this.views = views;
        this.scope = scope;
    }

    /** Folds the contract's events in pages (ADR 0015): memory holds the clause's steps, not the contract. */
    public ClauseProvenance of(String contractId, String clauseId) {
        scope.requireVisible(contractId);
        List<Step> steps = new ArrayList<>();
        ContractView last = views.replay(contractId, null, t -> {
            Step step = t.event().accept(new StepOf(t, clauseId));
            if (step != null) {
                steps.add(step);
            }
        });
        ClauseView clause = last == null ? null : last.clause(clauseId).orElse(null);
        if (clause == null && steps.isEmpty()) {
            throw new NotFoundException(
                    RejectionCode.CLAUSE_NOT_FOUND, "contract " + contractId + " has no clause " + clauseId);
        }
        return new ClauseProvenance(
                contractId,
                clauseId,
                clause == null ? null : clause.heading(),
                clause == null ? null : clause.state().name(),
                steps);
    }

    /** The step one event made in the clause's life, or null when the event did not touch it. */
    private record StepOf(Transition t, String clauseId) implements ContractEvent.Visitor<Step> {

        @Override
        public Step visit(ContractDrafted e) {
            return null;
        }

        @Override
        public Step visit(ClauseDrafted e) {
            return about(e.clauseId().value())
                    ? step(
                            Kind.DRAFTED,
                            null,
                            clauseWording(),
                            null,
                            null,
                            t.after().version())
                    : null;
        }

        @Override
        public Step visit(ClauseLeftOpen e) {
            return about(e.clauseId().value())
                    ? step(
                            Kind.LEFT_OPEN,
                            null,
                            clauseWording(),
                            e.reviewBy(),
                            null,
                            t.after().version())
                    : null;
        }

        @Override
        public Step visit(ClauseFilledIn e) {
            return about(e.clauseId().value())
                    ? step(
                            Kind.FILLED_IN,
                            null,
                            clauseWording(),
                            null,
                            null,
                            t.after().version())
                    : null;
        }

        @Override
        public Step visit(ClauseAmended e) {
            return about(e.clauseId().value())
                    ? step(
                            Kind.AMENDED,
                            null,
                            clauseWording(),
                            null,
                            e.reason(),
                            t.after().version())
                    : null;
        }

        @Override
        public Step visit(ContractSigned e) {
            return null;
        }

        @Override
        public Step visit(ContractActivated e) {
            return t.before().clause(clauseId).isPresent()
                    ? step(Kind.AGREED, "SIGNED", null, null, null, t.after().version())
                    : null;
        }

        @Override
        public Step visit(ChangeProposed e) {
            if (!about(e.clauseId().value())) {
                return null;
            }
            Wording proposed = t.after()
                    .clause(clauseId)
                    .map(ClauseView::pending)
                    .orElseThrow()
                    .wording();
            return step(Kind.PROPOSED, e.kind().name(), proposed, e.reviewBy(), e.reason(), null);
        }

        @Override
        public Step visit(ChangeRejected e) {
            return about(e.clauseId().value())
                    ? step(Kind.REJECTED, e.kind().name(), null, null, e.reason(), null)
                    : null;
        }

        @Override
        public Step visit(ChangeAgreed e) {
            return about(e.clauseId().value())
                    ? step(
                            Kind.AGREED,
                            e.kind().name(),
                            clauseWording(),
                            e.reviewBy(),
                            e.reason(),
                            e.contractVersion().toString())
                    : null;
        }

        @Override
        public Step visit(ReviewBecameDue e) {
            return about(e.clauseId().value()) ? step(Kind.REVIEW_DUE, null, null, e.reviewBy(), null, null) : null;
        }

        @Override
        public Step visit(BreachRecorded e) {
            if (!about(e.clauseId().value())) {
                return null;
            }
            // As it was judged, by the clause's terms when it occurred: one recorded late may predate a change.
            return new Step(
                    t.envelope().sequence(),
                    e.treatment() == BreachTreatment.EXPERIENCE ? Kind.EXPERIENCE : Kind.BREACH,
                    ContractFold.Stamp.of(t.envelope()).at(),
                    t.envelope().actor(),
                    null,
                    null,
                    null,
                    new ClauseProvenance.Breach(e.breachId().value(), e.occurredAt(), e.measured(), e.description()),
                    null,
                    null);
        }

        @Override
        public Step visit(CreditWaived e) {
            return null;
        }

        @Override
        public Step visit(BreachDisputed e) {
            return null;
        }

        @Override
        public Step visit(DisputeSettlementProposed e) {
            return null;
        }

        @Override
        public Step visit(DisputeSettled e) {
            return null;
        }

        @Override
        public Step visit(SatisfactionRecorded e) {
            return null;
        }

        @Override
        public Step visit(ContractTerminated e) {
            return null;
        }

        private boolean about(String id) {
            return clauseId.equals(id);
        }

        /** The clause's wording as the fold left it after this step. */
        private Wording clauseWording() {
            return t.after().clause(clauseId).map(ClauseView::wording).orElse(null);
        }

        private Step step(
                Kind kind, String change, Wording wording, LocalDate reviewBy, String reason, String version) {
            Instant at = ContractFold.Stamp.of(t.envelope()).at();
            return new Step(
                    t.envelope().sequence(),
                    kind,
                    at,
                    t.envelope().actor(),
                    change,
                    wording,
                    reviewBy,
                    null,
                    reason,
                    version);
        }
    }
}
