package com.slaledger.security;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report as Problem Details with a stable code, in place of its HTML page. Tomcat
 * answers some requests itself before any filter or endpoint sees them: a request line or header
 * it cannot parse, a path that is not UTF-8 or holds an encoded {@code /}, {@code \} or NUL. The
 * guards are Tomcat's own: nothing is written over a body already begun, nor twice, nor where the
 * connection can take no more.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        String detail = status >= 500 ? null : response.getMessage();
        if ((detail == null || detail.isBlank()) && throwable != null && status < 500) {
            detail = throwable.getMessage();
        }
        byte[] body = Problems.body(Problems.forStatus(status, detail));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(body, StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was taken over: there is no one to tell.
        }
    }
}
