package com.slaledger.projection.ingest;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/parked}: the contracts whose events are not all applied, and why (ADMIN). */
@RestController
public class ParkedContractsEndpoint {

    private final ParkedEventsHealth parked;

    public ParkedContractsEndpoint(ParkedEventsHealth parked) {
        this.parked = parked;
    }

    @Operation(
            summary = "Parked contracts",
            description = "Contracts waiting for a missing event, or parked for good because an event could "
                    + "not be applied, with the reason and the sequence from which their events wait.")
    @GetMapping("/api/admin/parked")
    public List<ParkedEventsHealth.ParkedContract> parked(@RequestParam(defaultValue = "100") int limit) {
        return parked.parkedContracts(Math.max(1, Math.min(limit, 1000)));
    }
}
