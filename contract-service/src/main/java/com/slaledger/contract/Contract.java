package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.*;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.PartyRef;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.SettlementOutcome;
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
import com.slaledger.api.event.BreachDisputed;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.api.event.ChangeRejected;
import com.slaledger.api.event.ClauseAmended;
import com.slaledger.api.event.ClauseDrafted;
import com.slaledger.api.event.ClauseFilledIn;
import com.slaledger.api.event.ClauseLeftOpen;
import com.slaledger.api.event.ContractActivated;
import com.slaledger.api.event.ContractDrafted;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractSigned;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.CreditExplanation;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.DisputeSettled;
import com.slaledger.api.event.DisputeSettlementProposed;
import com.slaledger.api.event.ReviewBecameDue;
import com.slaledger.api.event.SatisfactionRecorded;
import com.slaledger.api.hash.HashChain;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One SLA between one client and one supplier, from draft through SLA 1.0, 2.0 and beyond. Every
 * handler checks its rules, then applies events; the state is folded by {@link ContractState}.
 */
@Aggregate(snapshotTriggerDefinition = "contractSnapshotTrigger", cache = "contractCache")
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Contract {

    @AggregateIdentifier
    private ContractId contractId;

    private ContractState state;
    private String lastHash;

    Contract() {
        // Axon needs a no-argument constructor to rebuild the aggregate from its events.
    }

    // Drafting

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DraftContract command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireNew();
        requirePositiveFee(command);
        requireDatesInOrder(command);
        emit(
                new ContractDrafted(
                        command.contractId(),
                        new PartyRef(command.clientId(), command.clientName()),
                        new PartyRef(command.supplierId(), command.supplierName()),
                        command.title(),
                        command.scope(),
                        command.ownership(),
                        command.monthlyFee(),
                        command.atRiskPercent(),
                        command.startDate(),
                        command.endDate()),
                issuance);
    }

    @CommandHandler
    void handle(DraftClause command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireClauseIsNew(command.clauseId());
        if (isDraft()) {
            requireNobodySignedYet();
            emit(
                    new ClauseDrafted(
                            command.contractId(),
                            command.clauseId(),
                            command.heading(),
                            command.text(),
                            command.category(),
                            command.serviceLevel(),
                            command.creditPercent()),
                    issuance);
        } else {
            propose(
                    new ChangeProposed(
                            command.contractId(),
                            command.clauseId(),
                            ChangeKind.ADD_CLAUSE,
                            issuance.party(),
                            command.heading(),
                            command.text(),
                            null,
                            null,
                            command.category(),
                            command.serviceLevel(),
                            command.creditPercent(),
                            null),
                    issuance);
        }
    }

    @CommandHandler
    void handle(LeaveClauseOpen command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        if (isDraft()) {
            requireNobodySignedYet();
            requireClauseIsNew(command.clauseId());
            emit(
                    new ClauseLeftOpen(
                            command.contractId(),
                            command.clauseId(),
                            command.heading(),
                            command.intent(),
                            command.reviewBy(),
                            command.category()),
                    issuance);
            return;
        }
        ChangeKind kind = state.hasClause(command.clauseId()) ? ChangeKind.REOPEN : ChangeKind.ADD_OPEN_CLAUSE;
        if (kind == ChangeKind.REOPEN) {
            requireClauseNotAlreadyOpen(command.clauseId());
        } else {
            requireClauseIsNew(command.clauseId());
        }
        propose(
                new ChangeProposed(
                        command.contractId(),
                        command.clauseId(),
                        kind,
                        issuance.party(),
                        command.heading(),
                        null,
                        command.intent(),
                        command.reviewBy(),
                        command.category(),
                        null,
                        null,
                        null),
                issuance);
    }

    @CommandHandler
    void handle(FillInClause command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireClauseIsOpen(command.clauseId());
        if (isDraft()) {
            requireNobodySignedYet();
            emit(
                    new ClauseFilledIn(
                            command.contractId(),
                            command.clauseId(),
                            command.text(),
                            command.serviceLevel(),
                            command.creditPercent()),
                    issuance);
        } else {
            propose(
                    new ChangeProposed(
                            command.contractId(),
                            command.clauseId(),
                            ChangeKind.FILL_IN,
                            issuance.party(),
                            null,
                            command.text(),
                            null,
                            null,
                            null,
                            command.serviceLevel(),
                            command.creditPercent(),
                            null),
                    issuance);
        }
    }

    @CommandHandler
    void handle(AmendClause command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireClauseNotOpen(command.clauseId());
        if (isDraft()) {
            requireNobodySignedYet();
            emit(
                    new ClauseAmended(
                            command.contractId(),
                            command.clauseId(),
                            command.text(),
                            command.serviceLevel(),
                            command.creditPercent(),
                            command.reason()),
                    issuance);
        } else {
            propose(
                    new ChangeProposed(
                            command.contractId(),
                            command.clauseId(),
                            ChangeKind.AMEND,
                            issuance.party(),
                            null,
                            command.text(),
                            null,
                            null,
                            null,
                            command.serviceLevel(),
                            command.creditPercent(),
                            command.reason()),
                    issuance);
        }
    }

    // Signing

    @CommandHandler
    void handle(SignContract command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireNotSignedBy(issuance.party());
        requireAtLeastOneClause();
        emit(new ContractSigned(command.contractId(), issuance.party()), issuance);
        if (state.hasSigned(issuance.party().other())) {
            emit(new ContractActivated(command.contractId(), ContractVersion.FIRST), issuance);
        }
    }

    // Changing an active contract together

    @CommandHandler
    void handle(AgreeToChange command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        ChangeProposed proposal = requirePendingProposal(command.clauseId());
        requireNotOwnProposal(proposal, issuance.party());
        ContractVersion next = closesLastOpenClause(proposal)
                ? state.version().nextMajor()
                : state.version().nextMinor();
        LocalDate reviewBy = proposal.kind().leavesClauseOpen() ? proposal.reviewBy() : null;
        emit(
                new ChangeAgreed(
                        command.contractId(),
                        command.clauseId(),
                        proposal.kind(),
                        proposal.proposedBy(),
                        issuance.party(),
                        next,
                        reviewBy,
                        command.reason()),
                issuance);
    }

    @CommandHandler
    void handle(RejectChange command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        ChangeProposed proposal = requirePendingProposal(command.clauseId());
        emit(
                new ChangeRejected(
                        command.contractId(),
                        command.clauseId(),
                        proposal.kind(),
                        proposal.proposedBy(),
                        issuance.party(),
                        command.reason()),
                issuance);
    }

    @CommandHandler
    void handle(MarkReviewDue command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireReviewOverdue(command, issuance.receivedAt());
        emit(new ReviewBecameDue(command.contractId(), command.clauseId(), command.reviewBy()), issuance);
    }

    // Breaches and service credits

    @CommandHandler
    void handle(RecordBreach command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireActive();
        requireBreachIsNew(command);
        ClauseState clause = requireClause(command.clauseId());
        requireWithinTerm(command.occurredAt());
        requireNotInFuture(command.occurredAt(), issuance.receivedAt());
        BreachTreatment treatment = clause.open()
                ? BreachTreatment.EXPERIENCE
                : clause.earnsCredits() ? BreachTreatment.CREDITED : BreachTreatment.NOT_CREDITED;
        CreditExplanation credit =
                treatment == BreachTreatment.CREDITED ? creditFor(clause, command.occurredAt()) : null;
        emit(
                new BreachRecorded(
                        command.contractId(),
                        command.breachId(),
                        command.clauseId(),
                        command.occurredAt(),
                        command.measured(),
                        command.description(),
                        treatment,
                        credit),
                issuance);
    }

    @CommandHandler
    void handle(WaiveCredit command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireParty(issuance, Party.CLIENT);
        BreachState breach = requireBreach(command.breachId());
        requireNotWithdrawn(breach);
        if (!breach.hasCredit()) {
            throw reject(NO_CREDIT, "breach " + breach.breachId() + " earned no credit");
        }
        if (breach.waived()) {
            throw reject(CREDIT_ALREADY_WAIVED, "the credit of breach " + breach.breachId() + " is already waived");
        }
        emit(new CreditWaived(command.contractId(), command.breachId(), breach.credit(), command.reason()), issuance);
    }

    @CommandHandler
    void handle(DisputeBreach command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireParty(issuance, Party.SUPPLIER);
        BreachState breach = requireBreach(command.breachId());
        if (breach.dispute() != BreachState.Dispute.NONE) {
            throw reject(
                    ALREADY_DISPUTED,
                    "breach " + breach.breachId() + " is already "
                            + breach.dispute().name().toLowerCase());
        }
        emit(new BreachDisputed(command.contractId(), command.breachId(), command.reason()), issuance);
    }

    @CommandHandler
    void handle(SettleDispute command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        BreachState breach = requireBreach(command.breachId());
        if (breach.dispute() != BreachState.Dispute.OPEN) {
            throw reject(NOT_DISPUTED, "breach " + breach.breachId() + " is not under dispute");
        }
        boolean agreesWithOtherParty =
                breach.settlementProposedBy() == issuance.party().other()
                        && breach.proposedOutcome() == command.outcome();
        if (breach.settlementProposedBy() == issuance.party()) {
            throw reject(
                    OWN_PROPOSAL,
                    "the " + issuance.party() + " already proposed this settlement; the other party must agree");
        }
        if (agreesWithOtherParty) {
            Money released = command.outcome() == SettlementOutcome.WITHDRAWN ? breach.credit() : null;
            emit(
                    new DisputeSettled(
                            command.contractId(),
                            command.breachId(),
                            command.outcome(),
                            command.note(),
                            breach.settlementProposedBy(),
                            issuance.party(),
                            released),
                    issuance);
        } else {
            emit(
                    new DisputeSettlementProposed(
                            command.contractId(),
                            command.breachId(),
                            command.outcome(),
                            command.note(),
                            issuance.party()),
                    issuance);
        }
    }

    // Satisfaction and termination

    @CommandHandler
    void handle(RecordSatisfaction command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        requireParty(issuance, Party.CLIENT);
        requireActive();
        if (state.ratedPeriods().contains(command.period())) {
            throw reject(PERIOD_ALREADY_RATED, "satisfaction for " + command.period() + " was already recorded");
        }
        emit(
                new SatisfactionRecorded(
                        command.contractId(),
                        command.period(),
                        command.score(),
                        command.wouldRecommend(),
                        command.comment()),
                issuance);
    }

    @CommandHandler
    void handle(TerminateContract command, MetaData metaData) {
        Issuance issuance = admit(command, metaData);
        emit(
                new ContractTerminated(
                        command.contractId(), command.effectiveDate(), command.reason(), issuance.party()),
                issuance);
    }

    @EventSourcingHandler
    void on(ContractEvent event, @MetaDataValue(ChainMetadata.HASH) String hash) {
        this.contractId = event.contractId();
        this.state = state == null ? ContractState.drafted((ContractDrafted) event) : state.evolve(event);
        this.lastHash = hash;
    }

    /** The folded state, for tests that compare a reload from the store with a fold of the events. */
    ContractState state() {
        return state;
    }

    // Rules shared by every command

    /** Field checks, termination and optimistic concurrency: what every command passes first. */
    private Issuance admit(ContractCommand command, MetaData metaData) {
        Issuance issuance = Issuance.from(metaData);
        requireIssuerMayIssue(issuance, command);
        command.validate().orReject();
        if (state != null && state.status() == ContractStatus.TERMINATED) {
            throw reject(CONTRACT_TERMINATED, "contract " + contractId + " is terminated and accepts nothing more");
        }
        requireExpectedVersion(issuance);
        requireIssuerRepresentsParty(issuance, command);
        return issuance;
    }

    /** A caller limited to some parties may only speak for this contract's client or supplier if it is one of them. */
    private void requireIssuerRepresentsParty(Issuance issuance, ContractCommand command) {
        if (issuance.permittedPartyIds() == null || issuance.issuedBy().isSystem()) {
            return;
        }
        boolean client = issuance.party() == Party.CLIENT;
        String partyId = state != null
                ? (client
                        ? state.terms().client().id()
                        : state.terms().supplier().id())
                : command instanceof DraftContract draft ? (client ? draft.clientId() : draft.supplierId()) : null;
        if (partyId == null || !issuance.permittedPartyIds().contains(partyId)) {
            throw reject(NOT_ALLOWED, "the caller may not speak for the " + issuance.party() + " of this contract");
        }
    }

    /** Parties issue every command but one; only the service itself marks a review as due. */
    private static void requireIssuerMayIssue(Issuance issuance, ContractCommand command) {
        boolean systemCommand = command instanceof MarkReviewDue;
        if (issuance.issuedBy().isSystem() != systemCommand) {
            throw reject(
                    NOT_ALLOWED,
                    systemCommand
                            ? "only SLA Ledger itself marks a review as due"
                            : "issuedBy.party must be CLIENT or SUPPLIER");
        }
    }

    private void requireExpectedVersion(Issuance issuance) {
        Long current = AggregateLifecycle.getVersion();
        Long expected = issuance.expectedVersion();
        if (expected != null && !expected.equals(current)) {
            throw reject(CONFLICT, "expected sequence " + expected + " but the contract is at " + current);
        }
    }

    private void requireNew() {
        if (state != null) {
            throw reject(CONTRACT_EXISTS, "contract " + contractId + " already exists");
        }
    }

    private static void requirePositiveFee(DraftContract command) {
        if (!command.monthlyFee().isPositive()) {
            throw reject(INVALID, "monthlyFee must be above 0");
        }
    }

    private static void requireDatesInOrder(DraftContract command) {
        if (command.endDate() != null && !command.endDate().isAfter(command.startDate())) {
            throw reject(INVALID, "endDate must be after startDate");
        }
    }

    private boolean isDraft() {
        return state.status() == ContractStatus.DRAFT;
    }

    private void requireActive() {
        if (state.status() != ContractStatus.ACTIVE) {
            throw reject(
                    CONTRACT_NOT_ACTIVE, "contract " + contractId + " is not active: both parties must sign first");
        }
    }

    private void requireNobodySignedYet() {
        if (!state.signatures().isEmpty()) {
            throw reject(
                    SIGNING_IN_PROGRESS,
                    "the " + state.signatures().iterator().next()
                            + " has signed this draft; clauses cannot change until the other party signs too");
        }
    }

    private void requireNotSignedBy(Party party) {
        if (state.hasSigned(party)) {
            throw reject(ALREADY_SIGNED, "the " + party + " has already signed");
        }
    }

    private void requireAtLeastOneClause() {
        if (state.clauses().isEmpty()) {
            throw reject(NO_CLAUSES, "a contract needs at least one clause before it is signed");
        }
    }

    private static void requireParty(Issuance issuance, Party party) {
        if (issuance.party() != party) {
            throw reject(party == Party.CLIENT ? CLIENT_ONLY : SUPPLIER_ONLY, "only the " + party + " may do this");
        }
    }

    // Clause and proposal rules

    private ClauseState requireClause(ClauseId id) {
        ClauseState clause = state.clause(id);
        if (clause == null) {
            throw reject(CLAUSE_NOT_FOUND, "contract " + contractId + " has no clause " + id);
        }
        return clause;
    }

    private void requireClauseIsNew(ClauseId id) {
        if (state.hasClause(id)) {
            throw reject(CLAUSE_EXISTS, "clause " + id + " already exists");
        }
        requireNoPendingProposal(id);
    }

    private void requireClauseIsOpen(ClauseId id) {
        if (!requireClause(id).open()) {
            throw reject(CLAUSE_NOT_OPEN, "clause " + id + " is not open");
        }
    }

    private void requireClauseNotOpen(ClauseId id) {
        if (requireClause(id).open()) {
            throw reject(CLAUSE_IS_OPEN, "clause " + id + " is open; fill it in rather than amend it");
        }
    }

    private void requireClauseNotAlreadyOpen(ClauseId id) {
        if (requireClause(id).open()) {
            throw reject(CLAUSE_ALREADY_OPEN, "clause " + id + " is already open");
        }
    }

    private void requireNoPendingProposal(ClauseId id) {
        if (state.pendingProposal(id) != null) {
            throw reject(
                    PROPOSAL_PENDING,
                    "clause " + id + " already has a pending proposal by the "
                            + state.pendingProposal(id).proposedBy());
        }
    }

    private ChangeProposed requirePendingProposal(ClauseId id) {
        ChangeProposed proposal = state.pendingProposal(id);
        if (proposal == null) {
            throw reject(NO_PENDING_PROPOSAL, "clause " + id + " has no pending proposal");
        }
        return proposal;
    }

    private static void requireNotOwnProposal(ChangeProposed proposal, Party party) {
        if (proposal.proposedBy() == party) {
            throw reject(
                    OWN_PROPOSAL, "the " + party + " proposed this change; only the " + party.other() + " can agree");
        }
    }

    private void propose(ChangeProposed proposal, Issuance issuance) {
        requireActive();
        requireNoPendingProposal(proposal.clauseId());
        emit(proposal, issuance);
    }

    /** An agreed change that leaves no open clause, where there was one, starts a new major version. */
    private boolean closesLastOpenClause(ChangeProposed change) {
        ClauseState clause = state.clause(change.clauseId());
        boolean clauseOpenNow = clause != null && clause.open();
        long openBefore = state.openClauseCount();
        long openAfter = openBefore - (clauseOpenNow ? 1 : 0) + (change.kind().leavesClauseOpen() ? 1 : 0);
        return openBefore > 0 && openAfter == 0;
    }

    private void requireReviewOverdue(MarkReviewDue command, Instant now) {
        ClauseState clause = state.clause(command.clauseId());
        boolean overdue = clause != null
                && clause.open()
                && !clause.reviewDue()
                && command.reviewBy().equals(clause.reviewBy())
                && clause.reviewBy().isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC));
        if (!overdue) {
            throw reject(
                    REVIEW_NOT_DUE, "clause " + command.clauseId() + " has no review overdue on " + command.reviewBy());
        }
    }

    // Breach rules

    private void requireBreachIsNew(RecordBreach command) {
        if (state.breach(command.breachId()) != null) {
            throw reject(BREACH_EXISTS, "breach " + command.breachId() + " was already recorded");
        }
    }

    private BreachState requireBreach(BreachId id) {
        BreachState breach = state.breach(id);
        if (breach == null) {
            throw reject(BREACH_NOT_FOUND, "contract " + contractId + " has no breach " + id);
        }
        return breach;
    }

    private static void requireNotWithdrawn(BreachState breach) {
        if (breach.dispute() == BreachState.Dispute.WITHDRAWN) {
            throw reject(BREACH_WITHDRAWN, "breach " + breach.breachId() + " was withdrawn");
        }
    }

    private void requireWithinTerm(Instant occurredAt) {
        LocalDate day = LocalDate.ofInstant(occurredAt, ZoneOffset.UTC);
        LocalDate end = state.terms().endDate();
        if (day.isBefore(state.terms().startDate()) || (end != null && day.isAfter(end))) {
            throw reject(
                    BREACH_OUT_OF_TERM,
                    "the breach at " + occurredAt + " lies outside the term "
                            + state.terms().startDate() + " to " + (end == null ? "open end" : end));
        }
    }

    private static void requireNotInFuture(Instant occurredAt, Instant recordedAt) {
        if (occurredAt.isAfter(recordedAt)) {
            throw reject(
                    BREACH_IN_FUTURE, "the breach at " + occurredAt + " lies after its recording at " + recordedAt);
        }
    }

    /** credit % × monthly fee, capped so that one UTC month's credits never exceed the at-risk amount. */
    private CreditExplanation creditFor(ClauseState clause, Instant occurredAt) {
        ContractDrafted terms = state.terms();
        YearMonth month = YearMonth.from(occurredAt.atZone(ZoneOffset.UTC));
        Money atRisk = terms.atRiskAmount();
        Money before = state.creditedIn(month);
        Money uncapped = terms.monthlyFee().percent(clause.creditPercent());
        Money credited = uncapped.min(atRisk.minus(before).atLeastZero());
        return new CreditExplanation(
                month,
                clause.creditPercent(),
                terms.monthlyFee(),
                terms.atRiskPercent(),
                atRisk,
                before,
                uncapped,
                credited,
                uncapped.isGreaterThan(credited));
    }

    // Applying events with their place in the hash chain

    private void emit(ContractEvent event, Issuance issuance) {
        Long current = AggregateLifecycle.getVersion();
        long sequence = current == null ? 0 : current + 1;
        String hash = HashChain.link(lastHash, sequence, event.type(), event);
        MetaData metaData = issuance.forEvents().and(ChainMetadata.HASH, hash);
        if (lastHash != null) {
            metaData = metaData.and(ChainMetadata.PREVIOUS_HASH, lastHash);
        }
        ContractVersion versionAfter = versionAfter(event);
        if (versionAfter != null) {
            metaData = metaData.and(ChainMetadata.CONTRACT_VERSION, versionAfter.toString());
        }
        apply(event, metaData);
    }

    private ContractVersion versionAfter(ContractEvent event) {
        if (event instanceof ContractActivated activated) {
            return activated.version();
        }
        if (event instanceof ChangeAgreed agreed) {
            return agreed.contractVersion();
        }
        return state == null ? null : state.version();
    }

    private static CommandRejectedException reject(RejectionCode code, String message) {
        return new CommandRejectedException(code, message);
    }
}
