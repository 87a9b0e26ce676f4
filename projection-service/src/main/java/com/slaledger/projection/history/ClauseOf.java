package com.slaledger.projection.history;

import com.slaledger.api.event.*;

/** The clause an event concerns, or null for events about the whole contract or a breach's fate. */
final class ClauseOf implements ContractEvent.Visitor<String> {

    static final ClauseOf INSTANCE = new ClauseOf();

    private ClauseOf() {}

    @Override
    public String visit(ContractDrafted e) {
        return null;
    }

    @Override
    public String visit(ClauseDrafted e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ClauseLeftOpen e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ClauseFilledIn e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ClauseAmended e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ContractSigned e) {
        return null;
    }

    @Override
    public String visit(ContractActivated e) {
        return null;
    }

    @Override
    public String visit(ChangeProposed e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ChangeAgreed e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ChangeRejected e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(ReviewBecameDue e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(BreachRecorded e) {
        return e.clauseId().value();
    }

    @Override
    public String visit(CreditWaived e) {
        return null;
    }

    @Override
    public String visit(BreachDisputed e) {
        return null;
    }

    @Override
    public String visit(DisputeSettlementProposed e) {
        return null;
    }

    @Override
    public String visit(DisputeSettled e) {
        return null;
    }

    @Override
    public String visit(SatisfactionRecorded e) {
        return null;
    }

    @Override
    public String visit(ContractTerminated e) {
        return null;
    }
}
