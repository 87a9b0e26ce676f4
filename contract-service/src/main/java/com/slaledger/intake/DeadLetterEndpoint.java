package com.slaledger.intake;

import com.slaledger.api.RejectionCode;
import com.slaledger.security.Caller;
import com.slaledger.security.Problems;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dead letters of the command intake, for ADMIN: list the pending ones, re-drive them. */
@RestController
public class DeadLetterEndpoint {

    static final int MAX_LIMIT = 500;

    private final DeadLetterRedrive deadLetters;

    public DeadLetterEndpoint(DeadLetterRedrive deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(
            summary = "Dead letters not re-driven yet",
            description =
                    "Oldest first, at most limit (1-500): where each came from, why, and its commandId where readable.")
    @GetMapping(path = "/api/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> pending(@RequestParam(defaultValue = "50") String limit) {
        Integer count = limit(limit);
        return count == null ? badLimit(limit) : ResponseEntity.ok(deadLetters.pending(count));
    }

    @Operation(
            summary = "Send pending dead letters back to contract.commands",
            description = "At most limit (1-500), oldest first. Each is re-driven once; its commandId keeps a "
                    + "command that already took effect from taking effect again.")
    @PostMapping(path = "/api/admin/dead-letters/redrive", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> redrive(@RequestParam(defaultValue = "100") String limit) {
        Integer count = limit(limit);
        return count == null
                ? badLimit(limit)
                : ResponseEntity.ok(deadLetters.redrive(count, Caller.subject().orElse(null)));
    }

    private static Integer limit(String text) {
        if (text == null || !text.matches("\\d{1,3}")) {
            return null;
        }
        int value = Integer.parseInt(text);
        return value >= 1 && value <= MAX_LIMIT ? value : null;
    }

    private static ResponseEntity<?> badLimit(String limit) {
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(RejectionCode.INVALID, "limit must be a whole number from 1 to " + MAX_LIMIT));
    }
}
