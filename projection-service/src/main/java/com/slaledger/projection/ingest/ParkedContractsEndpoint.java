package com.slaledger.projection.ingest;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/parked}: the contracts whose events are not all applied, and why (ADMIN). */
@RestController
public class ParkedContractsEndpoint {

    /** The most contracts one answer lists; a larger limit is capped, as a page's size is. */
    static final int MAX_LIMIT = 1000;

    private final ParkedEventsHealth parked;

    public ParkedContractsEndpoint(ParkedEventsHealth parked) {
        this.parked = parked;
    }

    @Operation(
            summary = "Parked contracts",
            description = "Contracts waiting for a missing event, or parked for good because an event could "
                    + "not be applied, with the reason and the sequence from which their events wait; "
                    + "at most limit (at least 1, capped at 1000).")
    @GetMapping("/api/admin/parked")
    public List<ParkedEventsHealth.ParkedContract> parked(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return parked.parkedContracts(Math.min(limit, MAX_LIMIT));
    }
}
