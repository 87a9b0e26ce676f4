package com.slaledger.projection.ingest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RebuildEndpoint {

    private final RebuildJob job;

    public RebuildEndpoint(RebuildJob job) {
        this.job = job;
    }

    /**
     * Starts rebuilding every read model from the start of contract.events; 409 while one runs. It
     * swaps nothing in when a contract would come out with fewer events than the live read models
     * hold, unless {@code acceptFewerEvents} (ADR 0040).
     */
    @PostMapping("/api/admin/rebuild")
    public ResponseEntity<RebuildJob.RebuildStatus> rebuild(
            @RequestParam(defaultValue = "false") boolean acceptFewerEvents) {
        boolean started = job.start(acceptFewerEvents);
        return ResponseEntity.status(started ? HttpStatus.ACCEPTED : HttpStatus.CONFLICT)
                .body(job.status());
    }

    /** Progress: events done, events per second, percent done. */
    @GetMapping("/api/admin/rebuild")
    public RebuildJob.RebuildStatus progress() {
        return job.status();
    }
}
