package com.slaledger.projection.credits;

import com.slaledger.api.view.ContractView;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.web.NotFoundException;
import java.time.Instant;
import java.time.YearMonth;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CreditsEndpoint {

    private final ContractViews views;
    private final PartyScope scope;

    public CreditsEndpoint(ContractViews views, PartyScope scope) {
        this.views = views;
        this.scope = scope;
    }

    /**
     * The credit ledger, for all months or one ({@code month=2026-12}). With {@code knownAt}, what
     * was known at that instant: breaches recorded later are left out, however early they occurred.
     */
    @GetMapping("/api/contracts/{contractId}/credits")
    public CreditLedger credits(
            @PathVariable String contractId,
            @RequestParam(required = false) YearMonth month,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant knownAt) {
        scope.requireVisible(contractId);
        ContractView view = views.withBreaches(contractId, knownAt)
                .orElseThrow(() -> new NotFoundException(
                        "no contract " + contractId + (knownAt == null ? "" : " was known at " + knownAt)));
        return CreditLedger.of(view, month, knownAt == null ? view.asOf() : knownAt);
    }
}
