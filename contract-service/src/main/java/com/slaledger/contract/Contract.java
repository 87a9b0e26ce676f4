package com.slaledger.contract;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.AmendClause;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.command.DisputeBreach;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.command.MarkReviewDue;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.RecordSatisfaction;
import com.slaledger.api.command.RejectChange;
import com.slaledger.api.command.SettleDispute;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.command.TerminateContract;
import com.slaledger.api.command.WaiveCredit;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.json.Instants;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One SLA between one client and one supplier, from draft through SLA 1.0, 2.0 and beyond. Each
 * handler admits the command, lets the rules of its concern decide, and applies the events. The
 * state is the shared {@link ContractFold}'s view of the contract: the same meaning of every event
 * that the read models show, each breach held as far as decisions need it
 * ({@link ContractFold#applyForDecisions}). Snapshots of an earlier revision than the current
 * one are not used; the contract is folded from its events instead. Revision 9 keeps the times the
 * service received each command, which the hash chain covers, where 8 kept the store's; 8 the
 * service's times, not the senders' claimed ones, as when clauses were opened, proposed and filled
 * in; 7 added the count of withdrawn breaches; 6 each earlier term's service level, that a late
 * breach's measured value is held to; 5 each clause's earlier terms, by which a late breach is judged; 4 held breaches as
 * decisions need them (ADR 0009); 3 the view's breach count and each breach's sequence (ADR 0015).
 */
@Aggregate(
        snapshotTriggerDefinition = "contractSnapshotTrigger",
        snapshotFilter = "contractSnapshotFilter",
        cache = "contractCache",
        commandTargetResolver = "contractTargets")
@Revision("9")
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Contract {

    @AggregateIdentifier
    private ContractId contractId;

    private ContractView state;
    private String lastHash;

    Contract() {
        // Axon needs a no-argument constructor to rebuild the aggregate from its events.
    }

    /**
     * A rejection carries the position it was judged against (ADR 0014): with two writers, the
     * stored contract can be further on by the time the rejection is stored, and a sender must see
     * what the decision saw, not what came after it. A refusal that followed an {@code apply} keeps
     * no position and rolls back (ADR 0017).
     */
    @CommandHandlerInterceptor
    Object judgedAt(InterceptorChain chain) throws Exception {
        Long sequence = AggregateLifecycle.getVersion();
        Position seen = sequence == null ? null : new Position(sequence, state == null ? null : state.version());
        try {
            return chain.proceed();
        } catch (CommandRejectedException rejected) {
            throw RejectedAt.of(rejected, seen, AggregateLifecycle.getVersion());
        }
    }

    // Drafting

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Position handle(DraftContract command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(Drafting.draftContract(state, command), issuance);
    }

    @CommandHandler
    Position handle(DraftClause command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(Drafting.draftClause(state, command, issuance.party()), issuance);
    }

    @CommandHandler
    Position handle(LeaveClauseOpen command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(Drafting.leaveClauseOpen(state, command, issuance.party()), issuance);
    }

    @CommandHandler
    Position handle(FillInClause command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(Drafting.fillInClause(state, command, issuance.party()), issuance);
    }

    @CommandHandler
    Position handle(AmendClause command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(Drafting.amendClause(state, command, issuance.party()), issuance);
    }

    // Signing, and changing an active contract together

    @CommandHandler
    Position handle(SignContract command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emitAll(SigningAndChanges.sign(state, command, issuance.party()), issuance);
    }

    @CommandHandler
    Position handle(AgreeToChange command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(SigningAndChanges.agree(state, command, issuance.party()), issuance);
    }

    @CommandHandler
    Position handle(RejectChange command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(SigningAndChanges.rejectChange(state, command, issuance.party()), issuance);
    }

    @CommandHandler
    Position handle(MarkReviewDue command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(SigningAndChanges.markReviewDue(state, command, issuance.receivedAt()), issuance);
    }

    // Breaches, service credits and disputes

    @CommandHandler
    Position handle(RecordBreach command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(BreachesAndCredits.record(state, command, issuance.receivedAt()), issuance);
    }

    @CommandHandler
    Position handle(WaiveCredit command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        Rules.requireParty(issuance.party(), Party.CLIENT);
        return emit(BreachesAndCredits.waive(state, command), issuance);
    }

    @CommandHandler
    Position handle(DisputeBreach command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        Rules.requireParty(issuance.party(), Party.SUPPLIER);
        return emit(Disputes.dispute(state, command), issuance);
    }

    @CommandHandler
    Position handle(SettleDispute command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(Disputes.settle(state, command, issuance.party()), issuance);
    }

    // Satisfaction and termination

    @CommandHandler
    Position handle(RecordSatisfaction command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        Rules.requireParty(issuance.party(), Party.CLIENT);
        return emit(SatisfactionAndTermination.rate(state, command, issuance.receivedAt()), issuance);
    }

    @CommandHandler
    Position handle(TerminateContract command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        return emit(
                SatisfactionAndTermination.terminate(state, command, issuance.party(), issuance.receivedAt()),
                issuance);
    }

    // The state: the shared fold over this contract's events

    @EventSourcingHandler
    void on(
            ContractEvent event,
            @SequenceNumber long sequence,
            @Timestamp Instant recordedAt,
            @MetaDataValue(Issuance.RECEIVED_AT) Object receivedAt,
            @MetaDataValue(ChainMetadata.HASH) String hash) {
        this.contractId = event.contractId();
        this.state = ContractFold.applyForDecisions(state, event, stamp(sequence, recordedAt, receivedAt));
        this.lastHash = hash;
    }

    /**
     * The time a stored event folds with, as the read models fold its envelope (ContractFold.Stamp):
     * when the service received its command, kept in the metadata as written, which the hash
     * covers. An event stored without one takes the store's time, to the millisecond the store keeps
     * (Axon's DateTimeUtils) where an event just applied carries the clock's nanoseconds, so the
     * state in hand equals a reload's, and so its snapshot (SnapshotsInHand).
     */
    static ContractFold.Stamp stamp(long sequence, Instant recordedAt, Object receivedAt) {
        return new ContractFold.Stamp(
                sequence,
                receivedAt != null ? Instants.parse(receivedAt.toString()) : recordedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The folded state, for tests that compare a reload from the store with a fold of the events. */
    ContractView state() {
        return state;
    }

    /**
     * Whether the caller of a resend may hear the stored answer to {@code command}: the admission's
     * checks of who may issue it, on this contract (ADR 0030).
     *
     * @throws com.slaledger.api.CommandRejectedException as a fresh command from this caller would be refused
     */
    public void admitResend(ContractCommand command, Issuance issuance) {
        Admission.admitResend(state, command, issuance);
    }

    private Issuance admit(ContractCommand command, MetaData metaData) {
        Issuance issuance = Issuance.from(metaData);
        Admission.admit(state, AggregateLifecycle.getVersion(), command, issuance);
        return issuance;
    }

    // Applying events with their place in the hash chain

    /** Applies the event with its place in the chain; answers the position it reaches. */
    private Position emit(ContractEvent event, Issuance issuance) {
        Long current = AggregateLifecycle.getVersion();
        long sequence = current == null ? 0 : current + 1;
        ContractVersion versionAfter = versionAfter(event);
        String version = versionAfter == null ? null : versionAfter.toString();
        apply(event, ChainMetadata.forEvent(event, sequence, issuance, version, lastHash));
        return new Position(sequence, version);
    }

    private Position emitAll(List<ContractEvent> events, Issuance issuance) {
        Position reached = null;
        for (ContractEvent event : events) {
            reached = emit(event, issuance);
        }
        return reached;
    }

    private ContractVersion versionAfter(ContractEvent event) {
        if (event instanceof ContractActivated activated) {
            return activated.version();
        }
        if (event instanceof ChangeAgreed agreed) {
            return agreed.contractVersion();
        }
        return state == null || state.version() == null ? null : ContractVersion.parse(state.version());
    }
}
