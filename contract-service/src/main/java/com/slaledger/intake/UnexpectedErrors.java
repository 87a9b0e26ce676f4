package com.slaledger.intake;

import com.slaledger.api.RejectionCode;
import com.slaledger.security.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A failure that is not the caller's (the database down, a bug): 500 with INTERNAL_ERROR; the command may be resent. */
@RestControllerAdvice
public class UnexpectedErrors {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrors.class);

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        log.error("command failed unexpectedly", e);
        return Problems.of(
                RejectionCode.INTERNAL_ERROR,
                "the command could not be processed; send it again with the same commandId");
    }
}
