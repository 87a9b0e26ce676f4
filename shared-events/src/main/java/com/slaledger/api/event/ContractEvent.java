package com.slaledger.api.event;

import com.slaledger.api.ContractId;

/**
 * Something that happened to one contract. Stored in the event store, published on
 * {@code contract.events}, folded into every view. A stored format only changes with a new
 * {@code @Revision} and an upcaster.
 */
public sealed interface ContractEvent
        permits ContractDrafted,
                ClauseDrafted,
                ClauseLeftOpen,
                ClauseFilledIn,
                ClauseAmended,
                ContractSigned,
                ContractActivated,
                ChangeProposed,
                ChangeAgreed,
                ChangeRejected,
                ReviewBecameDue,
                BreachRecorded,
                CreditWaived,
                BreachDisputed,
                DisputeSettlementProposed,
                DisputeSettled,
                SatisfactionRecorded,
                ContractTerminated {

    ContractId contractId();

    /** Calls the visitor's method for this event's type: the one dispatch over all events. */
    <R> R accept(Visitor<R> visitor);

    /** The event's name on the wire and in the hash chain, for example {@code ClauseFilledIn}. */
    default String type() {
        return typeOf(getClass());
    }

    /** The name on the wire of events of this class, known without an instance. */
    static String typeOf(Class<?> eventClass) {
        return eventClass.getSimpleName();
    }

    /**
     * One method per event type. Every consumer that must know every event (the fold, the history's
     * summaries, the provenance) implements it, so a new event that one of them forgets does not
     * compile: add the event to {@code permits}, give it {@code accept}, add its method here.
     */
    interface Visitor<R> {
        R visit(ContractDrafted event);

        R visit(ClauseDrafted event);

        R visit(ClauseLeftOpen event);

        R visit(ClauseFilledIn event);

        R visit(ClauseAmended event);

        R visit(ContractSigned event);

        R visit(ContractActivated event);

        R visit(ChangeProposed event);

        R visit(ChangeAgreed event);

        R visit(ChangeRejected event);

        R visit(ReviewBecameDue event);

        R visit(BreachRecorded event);

        R visit(CreditWaived event);

        R visit(BreachDisputed event);

        R visit(DisputeSettlementProposed event);

        R visit(DisputeSettled event);

        R visit(SatisfactionRecorded event);

        R visit(ContractTerminated event);
    }
}
