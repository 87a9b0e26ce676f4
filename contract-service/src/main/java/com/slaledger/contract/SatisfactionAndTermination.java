package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.PERIOD_ALREADY_RATED;
import static com.slaledger.api.RejectionCode.PERIOD_IN_FUTURE;
import static com.slaledger.api.RejectionCode.PERIOD_OUT_OF_TERM;
import static com.slaledger.api.RejectionCode.TERMINATION_AFTER_END;
import static com.slaledger.api.RejectionCode.TERMINATION_BEFORE_START;
import static com.slaledger.api.RejectionCode.TERMINATION_IN_FUTURE;
import static com.slaledger.contract.Rules.isDraft;
import static com.slaledger.contract.Rules.reject;
import static com.slaledger.contract.Rules.requireActive;

import com.slaledger.api.Party;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.command.RecordSatisfaction;
import com.slaledger.api.command.TerminateContract;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.SatisfactionRecorded;
import com.slaledger.api.view.ContractView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The client rates each month of service once, the input of the supplier's reference check: a
 * month within the term that has begun by the service's clock. Either party may terminate, after
 * which the contract accepts nothing more.
 */
final class SatisfactionAndTermination {

    private SatisfactionAndTermination() {}

    static SatisfactionRecorded rate(ContractView contract, RecordSatisfaction command, Instant receivedAt) {
        requireActive(contract);
        YearMonth period = command.period();
        LocalDate end = contract.endDate();
        if (period.atEndOfMonth().isBefore(contract.startDate())
                || (end != null && period.atDay(1).isAfter(end))) {
            throw reject(PERIOD_OUT_OF_TERM, "the period " + period + " lies outside the term " + Rules.term(contract));
        }
        YearMonth current = UtcCalendar.month(receivedAt);
        if (period.isAfter(current)) {
            throw reject(
                    PERIOD_IN_FUTURE,
                    "the period " + period + " has not begun; it is " + current + " at the recording, " + receivedAt);
        }
        if (contract.hasRated(period)) {
            throw reject(PERIOD_ALREADY_RATED, "satisfaction for " + period + " was already recorded");
        }
        return new SatisfactionRecorded(
                command.contractId(), period, command.score(), command.wouldRecommend(), command.comment());
    }

    /**
     * A draft may be dropped on any date. An active contract ends within its term, on a day that
     * has come by the service's clock: a terminated contract accepts nothing more, so a termination
     * recorded ahead of its date would shut out the breaches and credits of the days until then.
     */
    static ContractTerminated terminate(
            ContractView contract, TerminateContract command, Party by, Instant receivedAt) {
        LocalDate effective = command.effectiveDate();
        if (!isDraft(contract)) {
            if (effective.isBefore(contract.startDate())) {
                throw reject(
                        TERMINATION_BEFORE_START,
                        "the termination on " + effective + " lies before the term starts on " + contract.startDate());
            }
            if (contract.endDate() != null && effective.isAfter(contract.endDate())) {
                throw reject(
                        TERMINATION_AFTER_END,
                        "the termination on " + effective + " lies after the term ends on " + contract.endDate());
            }
            LocalDate today = UtcCalendar.day(receivedAt);
            if (effective.isAfter(today)) {
                throw reject(
                        TERMINATION_IN_FUTURE,
                        "the termination on " + effective + " has not taken effect; it is " + today
                                + " (UTC) at the recording: the contract runs until then, so record it on that day");
            }
        }
        return new ContractTerminated(command.contractId(), effective, command.reason(), by);
    }
}
