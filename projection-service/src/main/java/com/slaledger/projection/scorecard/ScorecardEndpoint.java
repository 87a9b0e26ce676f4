package com.slaledger.projection.scorecard;

import com.slaledger.api.view.ContractView;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.web.NotFoundException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ScorecardEndpoint {

    private final ContractViews views;

    public ScorecardEndpoint(ContractViews views) {
        this.views = views;
    }

    /** "Ask the supplier's other clients": the supplier's record across all its contracts. */
    @GetMapping("/api/suppliers/{supplierId}/scorecard")
    public Scorecard scorecard(@PathVariable String supplierId) {
        List<ContractView> contracts = views.ofSupplier(supplierId);
        if (contracts.isEmpty()) {
            throw new NotFoundException("no contracts with supplier " + supplierId);
        }
        return Scorecard.of(supplierId, contracts);
    }
}
