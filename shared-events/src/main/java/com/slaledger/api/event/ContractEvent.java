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

    /** The event's name on the wire and in the hash chain, for example {@code ClauseFilledIn}. */
    default String type() {
        return getClass().getSimpleName();
    }
}
