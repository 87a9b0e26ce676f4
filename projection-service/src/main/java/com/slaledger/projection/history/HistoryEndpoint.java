package com.slaledger.projection.history;

import com.slaledger.api.hash.ChainVerification;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
public class HistoryEndpoint {

    static final int MAX_PAGE_SIZE = 1_000;

    private final History history;

    public HistoryEndpoint(History history) {
        this.history = history;
    }

    /**
     * The audit timeline: every event with who, when, what it changed, and the version after it. A
     * page of up to {@code size} lines (100 unless asked, at most 1,000) from {@code fromSequence}
     * on; when more follow, the {@code Link} header names the next page ({@code rel="next"}).
     */
    @GetMapping("/api/contracts/{contractId}/history")
    public ResponseEntity<List<HistoryEntry>> history(
            @PathVariable String contractId,
            @RequestParam(defaultValue = "0") long fromSequence,
            @RequestParam(defaultValue = "100") int size) {
        if (fromSequence < 0 || size < 1) {
            throw new IllegalArgumentException("fromSequence must be at least 0 and size at least 1");
        }
        int capped = Math.min(size, MAX_PAGE_SIZE);
        History.Page page = history.of(contractId, fromSequence, capped);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (page.next() != null) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("fromSequence", page.next())
                    .replaceQueryParam("size", capped)
                    .build()
                    .toUriString();
            answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(page.entries());
    }

    /** Recomputes the hash chain from the stored envelopes (docs/hash-chain.md). */
    @GetMapping("/api/contracts/{contractId}/history/verify")
    public ChainVerification verify(@PathVariable String contractId) {
        return history.verify(contractId);
    }
}
