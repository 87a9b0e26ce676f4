package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;

class UnexpectedErrorsTest {

    private final UnexpectedErrors errors = new UnexpectedErrors();

    @Test
    void aFailedCommandIsA500ThatInvitesTheSameCommandIdAgain() {
        ProblemDetail problem = new CommandEndpoint(null, null)
                .failed(
                        new IllegalStateException("database down"),
                        new MockHttpServletRequest("POST", "/api/commands"));
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getProperties()).containsEntry("code", "INTERNAL_ERROR");
        assertThat(problem.getDetail()).contains("same commandId").doesNotContain("database down");
    }

    @Test
    void anyOtherFailedRequestIsA500WithoutTalkOfCommands() {
        ProblemDetail problem = errors.unexpected(
                new IllegalStateException("broker down"),
                new MockHttpServletRequest("POST", "/api/admin/dead-letters/redrive"));
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("commandId", "broker down");
    }
}
