package com.slaledger.api.command;

import java.util.Arrays;
import java.util.Optional;

/** The public command types by their wire name ({@code "type"} in the envelope). */
public enum CommandType {
    DraftContract(DraftContract.class),
    DraftClause(DraftClause.class),
    LeaveClauseOpen(LeaveClauseOpen.class),
    SignContract(SignContract.class),
    FillInClause(FillInClause.class),
    AmendClause(AmendClause.class),
    AgreeToChange(AgreeToChange.class),
    RejectChange(RejectChange.class),
    RecordBreach(RecordBreach.class),
    WaiveCredit(WaiveCredit.class),
    DisputeBreach(DisputeBreach.class),
    SettleDispute(SettleDispute.class),
    RecordSatisfaction(RecordSatisfaction.class),
    TerminateContract(TerminateContract.class);

    private final Class<? extends ContractCommand> commandClass;

    CommandType(Class<? extends ContractCommand> commandClass) {
        this.commandClass = commandClass;
    }

    public Class<? extends ContractCommand> commandClass() {
        return commandClass;
    }

    public static Optional<CommandType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
