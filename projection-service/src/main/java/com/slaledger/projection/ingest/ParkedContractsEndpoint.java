package com.slaledger.projection.ingest;

import com.slaledger.api.ContractId;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/parked}: the contracts whose events are not all applied, and why; {@code POST
 * /api/admin/parked/{contractId}/retry}: apply a contract parked for good again once the cause is
 * fixed (ADMIN).
 */
@RestController
public class ParkedContractsEndpoint {

    /** The most contracts one answer lists; a larger limit is capped, as a page's size is. */
    static final int MAX_LIMIT = 1000;

    private final ParkedEventsHealth parked;
    private final ParkedRetry retry;

    public ParkedContractsEndpoint(ParkedEventsHealth parked, ParkedRetry retry) {
        this.parked = parked;
        this.retry = retry;
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

    @Operation(
            summary = "Retry a contract parked for good",
            description = "Once what refused its event is fixed: applies the contract's waiting events in one "
                    + "transaction, all of them or none. 409 NOT_PARKED when it is not parked for good, 409 "
                    + "STILL_PARKED with the reason when its events still cannot be applied.")
    @PostMapping("/api/admin/parked/{contractId}/retry")
    public ParkedRetry.Retried retry(@PathVariable String contractId) {
        if (!ContractId.isWellFormed(contractId)) {
            throw new IllegalArgumentException("contractId is not a well-formed contract id");
        }
        return retry.retry(contractId);
    }
}
