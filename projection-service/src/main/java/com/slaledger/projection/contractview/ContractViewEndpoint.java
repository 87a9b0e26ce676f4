package com.slaledger.projection.contractview;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.web.NotFoundException;
import com.slaledger.projection.web.Pages;
import com.slaledger.security.Caller;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/contracts")
public class ContractViewEndpoint {

    private final ContractViews views;
    private final Breaches breaches;
    private final PartyScope scope;
    private final ContractStream stream;
    private final ViewWaits waits;
    private final Clock clock;

    public ContractViewEndpoint(
            ContractViews views,
            Breaches breaches,
            PartyScope scope,
            ContractStream stream,
            ViewWaits waits,
            Clock clock) {
        this.views = views;
        this.breaches = breaches;
        this.scope = scope;
        this.stream = stream;
        this.waits = waits;
        this.clock = clock;
    }

    /** Contracts, filtered by client, supplier and status; {@code size} is capped at 200. */
    @GetMapping
    public ContractViews.Page<ContractViews.ContractSummary> list(
            @RequestParam(required = false) String clientId,
            @RequestParam(required = false) String supplierId,
            @RequestParam(required = false) ContractView.ContractStatus status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        int capped = Pages.size(page, size);
        return views.list(
                clientId,
                supplierId,
                status == null ? null : status.name(),
                scope.restriction(),
                page,
                capped,
                UtcCalendar.day(clock.instant()));
    }

    /**
     * The contract now, or as it stood at {@code asOf} (an ISO-8601 instant). The current view's
     * answer is rendered once per change and day ({@link ContractViews#rendered}).
     */
    @GetMapping("/{contractId}")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ContractView.class)))
    public ResponseEntity<?> contract(
            @PathVariable String contractId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf) {
        if (asOf == null) {
            ContractViews.Rendered now = views.rendered(contractId, UtcCalendar.day(clock.instant()))
                    .filter(v -> Caller.maySee(v.clientId(), v.supplierId()))
                    .orElseThrow(() -> new NotFoundException("no contract " + contractId));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(now.json());
        }
        ContractView then = views.asOf(contractId, asOf)
                .filter(v -> Caller.maySee(v.clientId(), v.supplierId()))
                .orElseThrow(() -> new NotFoundException("contract " + contractId + " did not exist at " + asOf));
        return ResponseEntity.ok(then.withOverdueFlags(UtcCalendar.day(asOf)));
    }

    /**
     * The contract once this instance shows it at {@code minSequence} or later (a command's result
     * gives the sequence it stored): read your own writes without asking again and again. Answered
     * at once when the view is there already, else as soon as the consumer commits it; after {@code
     * sla.projection.read-wait.timeout} (5 s) 504 {@code VIEW_BEHIND}, to be asked again.
     */
    @GetMapping(path = "/{contractId}", params = "minSequence")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ContractView.class)))
    public DeferredResult<ResponseEntity<?>> contractAtLeast(
            @PathVariable String contractId,
            @RequestParam Long minSequence,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf) {
        if (minSequence < 0) {
            throw new IllegalArgumentException("minSequence must be at least 0");
        }
        if (asOf != null) {
            throw new IllegalArgumentException("minSequence and asOf cannot be asked together");
        }
        Optional<Set<String>> parties = Caller.parties();
        // A contract the caller may not see is not waited for.
        views.current(contractId)
                .filter(view -> !Caller.maySee(parties, view.clientId(), view.supplierId()))
                .ifPresent(hidden -> {
                    throw new NotFoundException("no contract " + contractId);
                });
        DeferredResult<ResponseEntity<?>> answer =
                new DeferredResult<>(waits.timeout().toMillis());
        ViewWaits.Wait wait = waits.await(
                contractId,
                minSequence,
                () -> views.current(contractId).orElse(null),
                view -> {
                    if (Caller.maySee(parties, view.clientId(), view.supplierId())) {
                        answer.setResult(ResponseEntity.ok(view.withOverdueFlags(UtcCalendar.day(clock.instant()))));
                    } else {
                        answer.setErrorResult(new NotFoundException("no contract " + contractId));
                    }
                },
                () -> answer.setErrorResult(new CommandRejectedException(
                        RejectionCode.VIEW_BEHIND,
                        "contract " + contractId + " is not shown at sequence " + minSequence + " within "
                                + waits.timeout() + "; shown up to "
                                + views.current(contractId)
                                        .map(view -> Long.toString(view.lastSequence()))
                                        .orElse("none")
                                + "; ask again")));
        answer.onTimeout(wait::expire);
        answer.onError(error -> wait.cancel());
        answer.onCompletion(wait::cancel);
        return answer;
    }

    /**
     * The contract's breaches in the order they were recorded, of one clause or all: up to {@code
     * size} (at most 200) from {@code fromSequence} on; the answer's {@code next} starts the next page.
     * With {@code knownAt}, the breaches as known then (folded from the events recorded until then).
     */
    @GetMapping("/{contractId}/breaches")
    public Breaches.Page breaches(
            @PathVariable String contractId,
            @RequestParam(required = false) String clauseId,
            @RequestParam(defaultValue = "0") long fromSequence,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant knownAt) {
        if (fromSequence < 0 || size < 1) {
            throw new IllegalArgumentException("fromSequence must be at least 0 and size at least 1");
        }
        scope.requireVisible(contractId);
        int capped = Math.min(size, Pages.MAX_SIZE);
        if (knownAt == null) {
            return breaches.page(contractId, clauseId, fromSequence, capped);
        }
        List<BreachView> then = views.withBreaches(contractId, knownAt)
                .map(ContractView::breaches)
                .orElse(List.of());
        return Breaches.page(then, clauseId, fromSequence, capped);
    }

    /**
     * Server-sent events: the current view, then the new view after each event, until the decoder
     * would refuse the token that opened the stream. Bounded per contract, per caller (the token's
     * {@code sub}) and in total ({@link ContractStream}).
     */
    @GetMapping(path = "/{contractId}/stream", produces = "text/event-stream")
    public SseEmitter stream(@PathVariable String contractId) {
        scope.requireVisible(contractId);
        ContractView known =
                views.current(contractId).orElseThrow(() -> new NotFoundException("no contract " + contractId));
        // Read again once the stream is registered: a view committed in between is not missed.
        return stream.subscribe(
                contractId,
                Caller.subject().orElse(null),
                () -> views.current(contractId).orElse(known),
                Caller.tokenRefusedFrom().orElse(null));
    }
}
