package com.slaledger.projection.scorecard;

import com.slaledger.api.view.ContractView;
import com.slaledger.projection.contractview.ContractViews;
import com.slaledger.projection.web.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ScorecardEndpoint {

    private final ContractViews views;
    private final Clock clock;

    public ScorecardEndpoint(ContractViews views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    /** "Ask the supplier's other clients": the supplier's record across all its contracts. */
    @GetMapping("/api/suppliers/{supplierId}/scorecard")
    public Scorecard scorecard(@PathVariable String supplierId) {
        List<ContractView> contracts = views.ofSupplier(supplierId);
        if (contracts.isEmpty()) {
            throw new NotFoundException("no contracts with supplier " + supplierId);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Scorecard> all = views.all().stream()
                .collect(Collectors.groupingBy(ContractView::supplierId, TreeMap::new, Collectors.toList()))
                .entrySet()
                .stream()
                .map(e -> scorecard(e.getKey(), e.getValue(), today))
                .toList();
        return scorecard(supplierId, contracts, today).standingAmong(all);
    }

    private Scorecard scorecard(String supplierId, List<ContractView> contracts, LocalDate today) {
        return Scorecard.of(
                supplierId,
                contracts,
                views.reachedAt(contracts.stream().map(ContractView::contractId).toList(), "2.0"),
                today);
    }
}
