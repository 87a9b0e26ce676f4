package com.slaledger.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.security.web.firewall.RequestRejectedException;
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
        Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        int code;
        if (status == null) {
            code = 404; // called as a page of its own, not forwarded to
            detail = null;
        } else if (unreadable(thrown)) {
            code = 400;
            detail = rootMessage(thrown);
        } else {
            code = (Integer) status;
        }
        response.resetBuffer(); // the headers stay: the security headers, an Allow
        Problems.write(response, Problems.forStatus(code, code >= 500 ? null : detail));
    }

    /** A request that could not be read, found only once it was read: a query that is not UTF-8. */
    private static boolean unreadable(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidParameterException || t instanceof RequestRejectedException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
