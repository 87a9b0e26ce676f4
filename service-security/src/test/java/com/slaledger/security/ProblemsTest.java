package com.slaledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.RejectionCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ProblemsTest {

    /**
     * Every error status a lower layer may choose keeps that status and gets a code: the code of
     * that status where one stands for it, else the general one for a client or a server error.
     */
    @Test
    void everyErrorStatusGetsACodeAndKeepsItsStatus() {
        for (int status = 400; status <= 599; status++) {
            ProblemDetail problem = Problems.forStatus(status, " ");
            RejectionCode code =
                    RejectionCode.valueOf((String) problem.getProperties().get("code"));
            assertThat(problem.getStatus()).isEqualTo(status);
            assertThat(problem.getDetail()).as("a blank detail").isEqualTo(code.meaning());
            assertThat(problem.getType().toString()).isEqualTo("urn:sla-ledger:rejection:" + code.name());
            if (code.httpStatus() != status) {
                assertThat(code)
                        .as("status %d", status)
                        .isEqualTo(status >= 500 ? RejectionCode.INTERNAL_ERROR : RejectionCode.UNREADABLE_REQUEST);
            }
        }
    }

    @Test
    void theStatusesWithACodeOfTheirOwnGetIt() {
        for (int status : List.of(400, 401, 403, 404, 405, 406, 413, 415, 500, 503)) {
            ProblemDetail problem = Problems.forStatus(status, "what happened");
            assertThat(RejectionCode.valueOf((String) problem.getProperties().get("code"))
                            .httpStatus())
                    .as("status %d", status)
                    .isEqualTo(status);
            assertThat(problem.getDetail()).isEqualTo("what happened");
        }
    }
}
