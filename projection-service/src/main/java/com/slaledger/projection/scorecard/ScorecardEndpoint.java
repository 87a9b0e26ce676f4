package com.slaledger.projection.scorecard;

import com.slaledger.api.UtcCalendar;
import com.slaledger.projection.web.NotFoundException;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ScorecardEndpoint {

    private final Scorecards scorecards;
    private final Clock clock;

    public ScorecardEndpoint(Scorecards scorecards, Clock clock) {
        this.scorecards = scorecards;
        this.clock = clock;
    }

    /** "Ask the supplier's other clients": the supplier's record across all its contracts. */
    @GetMapping("/api/suppliers/{supplierId}/scorecard")
    public Scorecard scorecard(@PathVariable String supplierId) {
        List<Scorecard> all = scorecards.all(UtcCalendar.day(clock.instant()));
        return all.stream()
                .filter(s -> s.supplierId().equals(supplierId))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no contracts with supplier " + supplierId))
                .standingAmong(all);
    }
}
