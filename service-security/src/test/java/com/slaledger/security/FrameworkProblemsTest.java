package com.slaledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Spring MVC's refusals keep their status and get a code; a failure of the service's own is answered
 * 500 without its cause, which the log then holds. Spring's handler answered a response it could not
 * write with a bare 500 and no line, so a listing that failed on one stored view left nothing to go
 * by.
 */
@ExtendWith(OutputCaptureExtension.class)
class FrameworkProblemsTest {

    private final FrameworkProblems problems = new FrameworkProblems();

    private static ServletWebRequest request(String uri) {
        return new ServletWebRequest(new MockHttpServletRequest("GET", uri));
    }

    @Test
    void aResponseThatCannotBeWrittenIsA500WithoutItsCauseAndTheCauseIsLogged(CapturedOutput log) throws Exception {
        ResponseEntity<Object> answer = problems.handleException(
                new HttpMessageNotWritableException("could not write the view of C-1"), request("/api/contracts"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getProperties()).containsEntry("code", "INTERNAL_ERROR");
        assertThat(problem.getDetail()).doesNotContain("C-1");
        assertThat(log.getOut() + log.getErr())
                .contains("answered 500 to uri=/api/contracts")
                .contains("HttpMessageNotWritableException: could not write the view of C-1");
    }

    @Test
    void aRefusalOfTheCallersIsAnsweredWithoutAnErrorLine(CapturedOutput log) throws Exception {
        ResponseEntity<Object> answer =
                problems.handleException(new HttpMediaTypeNotAcceptableException("xml"), request("/api/contracts"));

        assertThat(answer.getStatusCode().value()).isEqualTo(406);
        assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "NOT_ACCEPTABLE");
        assertThat(log.getOut() + log.getErr()).doesNotContain("answered");
    }
}
