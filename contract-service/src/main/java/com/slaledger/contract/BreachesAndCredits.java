package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.BREACH_EXISTS;
import static com.slaledger.api.RejectionCode.BREACH_IN_FUTURE;
import static com.slaledger.api.RejectionCode.BREACH_OUT_OF_TERM;
import static com.slaledger.api.RejectionCode.BREACH_WITHDRAWN;
import static com.slaledger.api.RejectionCode.CLAUSE_NOT_IN_FORCE;
import static com.slaledger.api.RejectionCode.CREDIT_ALREADY_WAIVED;
import static com.slaledger.api.RejectionCode.LEVEL_MET;
import static com.slaledger.api.RejectionCode.NO_CREDIT;
import static com.slaledger.api.RejectionCode.UNIT_MISMATCH;
import static com.slaledger.contract.Rules.reject;
import static com.slaledger.contract.Rules.requireActive;
import static com.slaledger.contract.Rules.requireBreach;
import static com.slaledger.contract.Rules.requireClause;

import com.slaledger.api.Measurement;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.WaiveCredit;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.SlaRules;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Breaches and service credits. A breach lies within the term and not after its receipt (by the
 * service's clock) and is judged by the clause's terms in force when it occurred, however late it
 * is recorded: on an agreed clause with a credit % it earns a capped credit, on an open clause it
 * is experience. A measured value is in the unit of the service level then in force and misses its
 * target: a value that meets it is no breach. The client may waive a credit.
 */
final class BreachesAndCredits {

    private BreachesAndCredits() {}

    static BreachRecorded record(ContractView contract, RecordBreach command, Instant receivedAt) {
        requireActive(contract);
        if (contract.breach(command.breachId().value()).isPresent()) {
            throw reject(BREACH_EXISTS, "breach " + command.breachId() + " was already recorded");
        }
        ClauseView clause = requireClause(contract, command.clauseId());
        requireWithinTerm(contract, command.occurredAt());
        if (command.occurredAt().isAfter(receivedAt)) {
            throw reject(
                    BREACH_IN_FUTURE,
                    "the breach at " + command.occurredAt() + " lies after its recording at " + receivedAt);
        }
        SlaRules.Judgement judged = SlaRules.judge(contract, clause, command.occurredAt())
                .orElseThrow(() -> reject(
                        CLAUSE_NOT_IN_FORCE,
                        "clause " + command.clauseId() + " was not in force at " + command.occurredAt()
                                + "; it is in force since " + clause.inForceSince()));
        requireMisses(command, judged.serviceLevel());
        return new BreachRecorded(
                command.contractId(),
                command.breachId(),
                command.clauseId(),
                command.occurredAt(),
                command.measured(),
                command.description(),
                judged.treatment(),
                judged.credit());
    }

    static CreditWaived waive(ContractView contract, WaiveCredit command) {
        BreachView breach = requireBreach(contract, command.breachId());
        requireNotWithdrawn(breach);
        if (!breach.hasCredit()) {
            throw reject(NO_CREDIT, "breach " + breach.breachId() + " earned no credit");
        }
        if (breach.waived()) {
            throw reject(CREDIT_ALREADY_WAIVED, "the credit of breach " + breach.breachId() + " is already waived");
        }
        return new CreditWaived(command.contractId(), command.breachId(), breach.credited(), command.reason());
    }

    static void requireNotWithdrawn(BreachView breach) {
        if (breach.isWithdrawn()) {
            throw reject(BREACH_WITHDRAWN, "breach " + breach.breachId() + " was withdrawn");
        }
    }

    /** A measured value, where the clause then had a service level, is in its unit and misses it. */
    private static void requireMisses(RecordBreach command, ServiceLevel level) {
        Measurement measured = command.measured();
        if (measured == null || level == null) {
            return;
        }
        String wording = level.metric() + " " + level.target() + " " + level.unit();
        String clause = "clause " + command.clauseId() + "'s service level in force at " + command.occurredAt();
        if (measured.unit() != level.unit()) {
            throw reject(
                    UNIT_MISMATCH,
                    "the breach is measured in " + measured.unit() + "; " + clause + " is in " + level.unit() + " ("
                            + wording + ")");
        }
        if (!level.isMissedBy(measured.value())) {
            throw reject(
                    LEVEL_MET,
                    "measured " + measured.value() + " " + measured.unit() + " meets " + clause + " (" + wording + ", "
                            + (level.unit().higherIsBetter() ? "higher" : "lower") + " is better): no breach");
        }
    }

    private static void requireWithinTerm(ContractView contract, Instant occurredAt) {
        LocalDate day = UtcCalendar.day(occurredAt);
        LocalDate end = contract.endDate();
        if (day.isBefore(contract.startDate()) || (end != null && day.isAfter(end))) {
            throw reject(
                    BREACH_OUT_OF_TERM,
                    "the breach at " + occurredAt + " lies outside the term " + Rules.term(contract));
        }
    }
}
