package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one mapping from rejection codes to HTTP: RFC 9457 Problem Details whose status comes from
 * {@link RejectionCode#httpStatus()} and whose {@code code} is the same stable name a Kafka result
 * carries.
 */
public final class CommandProblems {

    private CommandProblems() {}

    public static ProblemDetail of(RejectionCode code, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), message);
        problem.setType(URI.create("urn:sla-ledger:rejection:" + code.name()));
        problem.setTitle(code.meaning());
        problem.setProperty("code", code.name());
        return problem;
    }

    public static ProblemDetail of(CommandResult rejected) {
        ProblemDetail problem = of(rejected.code(), rejected.message());
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
