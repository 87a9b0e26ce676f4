package com.slaledger.projection.audit;

import com.slaledger.api.RejectionCode;
import com.slaledger.projection.access.PartyScope;
import com.slaledger.security.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@code GET /api/contracts/{id}/history/verify/event-store}: contract-service's check of the chain
 * in the event store, relayed with the caller's own token, so that the auditor's page can show both
 * services' answers side by side from one origin. The projection's party scope applies first.
 */
@RestController
public class EventStoreVerify {

    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(5);

    private final PartyScope scope;
    private final RestClient contractService;

    public EventStoreVerify(
            PartyScope scope, @Value("${sla.projection.contract-service-url:http://localhost:8080}") String url) {
        this.scope = scope;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                java.net.http.HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
        requests.setReadTimeout(TIMEOUT);
        this.contractService = RestClient.builder()
                .requestFactory(requests)
                .baseUrl(url)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    @GetMapping("/api/contracts/{contractId}/history/verify/event-store")
    public ResponseEntity<?> verify(@PathVariable String contractId, HttpServletRequest request) {
        scope.requireVisible(contractId);
        ResponseEntity<String> answer;
        try {
            answer = contractService
                    .get()
                    .uri(URI.create(contractServiceUri(contractId)))
                    .header(HttpHeaders.AUTHORIZATION, request.getHeader(HttpHeaders.AUTHORIZATION))
                    .retrieve()
                    .toEntity(String.class);
        } catch (RestClientException unreachable) {
            return ResponseEntity.status(503)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(
                            RejectionCode.UNAVAILABLE, "contract-service did not answer: " + unreachable.getMessage()));
        }
        return ResponseEntity.status(answer.getStatusCode())
                .contentType(
                        answer.getHeaders().getContentType() == null
                                ? MediaType.APPLICATION_JSON
                                : answer.getHeaders().getContentType())
                .body(answer.getBody());
    }

    private String contractServiceUri(String contractId) {
        return "/api/contracts/" + contractId + "/history/verify";
    }
}
