package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.security.Caller;
import com.slaledger.security.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/commands}: the Kafka command envelope over HTTP, for tools that do not speak Kafka. */
@RestController
public class CommandEndpoint {

    private final EnvelopeReader reader;
    private final BatchedCommands commands;

    public CommandEndpoint(EnvelopeReader reader, BatchedCommands commands) {
        this.reader = reader;
        this.commands = commands;
    }

    @Operation(
            summary = "Send one command",
            description = "Takes the command envelope of contract.commands and answers with its result. "
                    + "Rejections are Problem Details with the same stable code as on Kafka.")
    @PostMapping(
            path = "/api/commands",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> send(
            @RequestBody(description = "the command envelope")
                    @org.springframework.web.bind.annotation.RequestBody(required = false)
                    byte[] body,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.CONTENT_ENCODING, required = false)
                    String contentEncoding) {
        if (contentEncoding != null
                && !contentEncoding.isBlank()
                && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            // Not decoded here: read as JSON, a gzip body was refused as MALFORMED for its first byte.
            // RFC 7694: 415, and Accept-Encoding says what would be taken.
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .header(HttpHeaders.ACCEPT_ENCODING, "identity")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(
                            RejectionCode.UNSUPPORTED_MEDIA_TYPE,
                            "a Content-Encoding other than identity is not accepted: send the envelope"
                                    + " uncompressed"));
        }
        Reading reading = reader.read(body);
        if (reading instanceof Reading.Parsed parsed && Caller.parties().isPresent()) {
            reading = new Reading.Parsed(
                    parsed.type(),
                    parsed.command(),
                    parsed.issuance().permittedTo(Caller.parties().get()));
        }
        CommandResult result = commands.process(reading);
        if (result == null) {
            Reading.Refused refused = (Reading.Refused) reading;
            return problem(Problems.of(refused.code(), refused.message()));
        }
        if (result.status() == CommandResult.Status.ACCEPTED) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
        }
        return problem(CommandProblems.of(result));
    }

    /** A command that failed for a reason not the caller's may be sent again: its commandId keeps it single. */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail failed(RuntimeException e, HttpServletRequest request) {
        return UnexpectedErrors.internalError(
                e, request, "the command could not be processed; send it again with the same commandId");
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
