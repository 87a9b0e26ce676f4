package com.slaledger.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page both services forward to (Spring Boot's {@code /error}), in place of Boot's own
 * controller, whose body carried no code: what a filter refused with {@code sendError}, and what an
 * endpoint threw that no handler took. Answered as Problem Details whatever the request accepts.
 * A server error's own message is not shown: it is logged where it was thrown.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // No status: called as a page of its own, not forwarded to.
        int code = status instanceof Integer forwarded ? forwarded : 404;
        String detail =
                status == null || code >= 500 ? null : (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        response.resetBuffer(); // the headers stay: the security headers, an Allow
        Problems.write(response, Problems.forStatus(code, detail));
    }
}
