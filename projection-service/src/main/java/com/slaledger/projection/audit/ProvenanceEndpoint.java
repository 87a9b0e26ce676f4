package com.slaledger.projection.audit;

import com.slaledger.api.ServiceLevel;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ClauseAmended;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.audit.ClauseProvenance.Kind;
import com.slaledger.projection.audit.ClauseProvenance.Step;
import com.slaledger.projection.contractview.ClauseView;
import com.slaledger.projection.contractview.ContractFold;
import com.slaledger.projection.contractview.ContractView;
import com.slaledger.projection.ingest.EventLog;
import com.slaledger.projection.web.NotFoundException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProvenanceEndpoint {

    private final EventLog eventLog;
    private final PartyScope scope;

    public ProvenanceEndpoint(EventLog eventLog, PartyScope scope) {
        this.eventLog = eventLog;
        this.scope = scope;
    }

    /** Every step that shaped one clause, from the events, in order. */
    @GetMapping("/api/contracts/{contractId}/clauses/{clauseId}/provenance")
    public ClauseProvenance provenance(@PathVariable String contractId, @PathVariable String clauseId) {
        scope.requireVisible(contractId);
        List<EventEnvelope> events = eventLog.of(contractId);
        List<Step> steps = new ArrayList<>();
        ContractView view = null;
        for (EventEnvelope envelope : events) {
            ContractView before = view;
            view = ContractFold.apply(view, envelope);
            Step step = stepOf(envelope, envelope.event(), clauseId, before, view);
            if (step != null) {
                steps.add(step);
            }
        }
        ClauseView clause = view == null ? null : view.clause(clauseId).orElse(null);
        if (clause == null && steps.isEmpty()) {
            throw new NotFoundException("contract " + contractId + " has no clause " + clauseId);
        }
        return new ClauseProvenance(
                contractId,
                clauseId,
                clause == null ? null : clause.heading(),
                clause == null ? null : clause.state().name(),
                steps);
    }

    private static Step stepOf(
            EventEnvelope e, ContractEvent event, String clauseId, ContractView before, ContractView after) {
        String version = after.version();
        if (event instanceof ClauseDrafted d && d.clauseId().value().equals(clauseId)) {
            return step(
                    e, Kind.DRAFTED, null, d.text(), null, null, d.serviceLevel(), d.creditPercent(), null, version);
        } else if (event instanceof ClauseLeftOpen o && o.clauseId().value().equals(clauseId)) {
            return step(e, Kind.LEFT_OPEN, null, null, o.intent(), o.reviewBy(), null, null, null, version);
        } else if (event instanceof ClauseFilledIn f && f.clauseId().value().equals(clauseId)) {
            return step(
                    e, Kind.FILLED_IN, null, f.text(), null, null, f.serviceLevel(), f.creditPercent(), null, version);
        } else if (event instanceof ClauseAmended a && a.clauseId().value().equals(clauseId)) {
            return step(
                    e,
                    Kind.AMENDED,
                    null,
                    a.text(),
                    null,
                    null,
                    a.serviceLevel(),
                    a.creditPercent(),
                    a.reason(),
                    version);
        } else if (event instanceof ContractActivated && before.clause(clauseId).isPresent()) {
            return step(e, Kind.AGREED, "SIGNED", null, null, null, null, null, null, version);
        } else if (event instanceof ChangeProposed p && p.clauseId().value().equals(clauseId)) {
            return step(
                    e,
                    Kind.PROPOSED,
                    p.kind().name(),
                    p.text(),
                    p.intent(),
                    p.reviewBy(),
                    p.serviceLevel(),
                    p.creditPercent(),
                    p.reason(),
                    null);
        } else if (event instanceof ChangeRejected r && r.clauseId().value().equals(clauseId)) {
            return step(e, Kind.REJECTED, r.kind().name(), null, null, null, null, null, r.reason(), null);
        } else if (event instanceof ChangeAgreed a && a.clauseId().value().equals(clauseId)) {
            return step(
                    e,
                    Kind.AGREED,
                    a.kind().name(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    a.reason(),
                    a.contractVersion().toString());
        } else if (event instanceof ReviewBecameDue r && r.clauseId().value().equals(clauseId)) {
            return step(e, Kind.REVIEW_DUE, null, null, null, r.reviewBy(), null, null, null, null);
        } else if (event instanceof BreachRecorded b && b.clauseId().value().equals(clauseId)) {
            boolean open = before.clause(clauseId).map(ClauseView::isOpen).orElse(false);
            return new Step(
                    e.sequence(),
                    open ? Kind.EXPERIENCE : Kind.BREACH,
                    e.recordedAt(),
                    e.actor(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    b.breachId().value(),
                    b.occurredAt(),
                    b.measured(),
                    b.description(),
                    null);
        }
        return null;
    }

    private static Step step(
            EventEnvelope e,
            Kind kind,
            String change,
            String text,
            String intent,
            LocalDate reviewBy,
            ServiceLevel level,
            BigDecimal credit,
            String reason,
            String version) {
        return new Step(
                e.sequence(),
                kind,
                e.occurredAt(),
                e.actor(),
                change,
                text,
                intent,
                reviewBy,
                level,
                credit,
                null,
                null,
                null,
                reason,
                version);
    }
}
