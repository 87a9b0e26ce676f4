package com.slaledger.contract;

import static com.slaledger.api.RejectionCode.PERIOD_ALREADY_RATED;
import static com.slaledger.contract.Rules.reject;
import static com.slaledger.contract.Rules.requireActive;

import com.slaledger.api.Party;
import com.slaledger.api.command.RecordSatisfaction;
import com.slaledger.api.command.TerminateContract;
import com.slaledger.api.event.ContractTerminated;
import com.slaledger.api.event.SatisfactionRecorded;
import com.slaledger.api.view.ContractView;

/**
 * The client rates each period once, the input of the supplier's reference check; either party
 * may terminate, after which the contract accepts nothing more.
 */
final class SatisfactionAndTermination {

    private SatisfactionAndTermination() {}

    static SatisfactionRecorded rate(ContractView contract, RecordSatisfaction command) {
        requireActive(contract);
        if (contract.hasRated(command.period())) {
            throw reject(PERIOD_ALREADY_RATED, "satisfaction for " + command.period() + " was already recorded");
        }
        return new SatisfactionRecorded(
                command.contractId(), command.period(), command.score(), command.wouldRecommend(), command.comment());
    }

    static ContractTerminated terminate(TerminateContract command, Party by) {
        return new ContractTerminated(command.contractId(), command.effectiveDate(), command.reason(), by);
    }
}
