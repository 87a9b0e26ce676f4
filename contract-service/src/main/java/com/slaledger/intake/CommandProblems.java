package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.security.Problems;
import org.springframework.http.ProblemDetail;

/** A command's rejection as Problem Details ({@link Problems}), with the result's command and contract. */
public final class CommandProblems {

    private CommandProblems() {}

    public static ProblemDetail of(CommandResult rejected) {
        ProblemDetail problem = Problems.of(rejected.code(), rejected.message());
        problem.setProperty("commandId", rejected.commandId());
        problem.setProperty("contractId", rejected.contractId());
        problem.setProperty("duplicate", rejected.duplicate());
        if (rejected.sequence() != null) {
            problem.setProperty("sequence", rejected.sequence());
        }
        if (rejected.contractVersion() != null) {
            problem.setProperty("contractVersion", rejected.contractVersion());
        }
        return problem;
    }
}
