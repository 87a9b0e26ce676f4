package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.Story;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ProjectionServiceTest
class ProjectionApiTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    private Api api;

    @BeforeEach
    void client() {
        api = Api.on(port);
    }

    private ResponseEntity<String> get(String path) {
        return api.get(path);
    }

    private JsonNode json(String path) {
        return api.json(path);
    }

    private void publishAndAwait(Story story) {
        events.publishAndAwait(story.envelopes());
    }

    @Test
    void theContractViewShowsClausesProposalsVersionsAndCredits() {
        Story story = Story.toTwoPointZero("P-API-1", "acme", "hostco").satisfaction("2026-12", 8, true);
        publishAndAwait(story);

        JsonNode view = json("/api/contracts/P-API-1");
        assertThat(view.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(view.get("version").asString()).isEqualTo("2.0");
        assertThat(view.get("clientId").asString()).isEqualTo("acme");
        assertThat(view.get("clauses")).hasSize(2);
        assertThat(view.at("/clauses/1/state").asString()).isEqualTo("AGREED");
        assertThat(view.at("/credits/0/month").asString()).isEqualTo("2026-12");
        assertThat(view.at("/credits/0/credited/amount").asString()).isEqualTo("500.00");
        assertThat(view.at("/credits/0/cap/amount").asString()).isEqualTo("1200.00");
        assertThat(view.at("/satisfaction/0/score").asInt()).isEqualTo(8);

        JsonNode versions = json("/api/contracts/P-API-1/versions");
        assertThat(versions.findValuesAsString("version")).containsExactly("1.0", "2.0");
        assertThat(json("/api/contracts/P-API-1/versions/1.0")
                        .at("/clauses/1/state")
                        .asString())
                .isEqualTo("OPEN");

        JsonNode history = json("/api/contracts/P-API-1/history");
        assertThat(history).hasSize(story.envelopes().size());
        JsonNode agreed = history.get(history.size() - 2);
        assertThat(agreed.get("type").asString()).isEqualTo("ChangeAgreed");
        assertThat(agreed.get("contractVersion").asString()).isEqualTo("2.0");
        assertThat(agreed.get("summary").asString()).contains("CLIENT agreed", "fill in", "response-time", "2.0");
        assertThat(agreed.at("/before/state").asString()).isEqualTo("OPEN");
        assertThat(agreed.at("/after/text").asString()).isEqualTo("P1 within 30 minutes.");
        assertThat(agreed.at("/actor/party").asString()).isEqualTo("CLIENT");

        JsonNode verify = json("/api/contracts/P-API-1/history/verify");
        assertThat(verify.get("valid").asBoolean()).isTrue();
        assertThat(verify.get("eventsChecked").asInt())
                .isEqualTo(story.envelopes().size());

        JsonNode credits = json("/api/contracts/P-API-1/credits?month=2026-12");
        assertThat(credits.at("/months/0/credits/0/breachId").asString()).isEqualTo("b-1");
        assertThat(credits.at("/months/0/credits/0/explanation/creditPercent").decimalValue())
                .isEqualByComparingTo("5");
    }

    /**
     * A view holds its clauses and totals; its breaches and its timeline come in pages (ADR 0015).
     * Walking the pages gives every breach and every line once, in order.
     */
    @Test
    void breachesAndTheTimelineArePagedAndTheViewCountsTheBreaches() {
        Story story = Story.toTwoPointZero("P-API-PAGED", "acme", "hostco")
                .creditedBreach("b-paged-1", "2026-12-05T10:00:00Z", "500.00", "500.00", "500.00", false)
                .creditedBreach("b-paged-2", "2026-12-06T10:00:00Z", "1000.00", "500.00", "200.00", true);
        publishAndAwait(story);

        JsonNode view = json("/api/contracts/P-API-PAGED");
        assertThat(view.has("breaches")).isFalse();
        List<String> recorded = com.slaledger.api.view.ContractFold.replay(story.envelopes()).breaches().stream()
                .map(com.slaledger.api.view.BreachView::breachId)
                .toList();
        assertThat(recorded).hasSizeGreaterThan(2).contains("b-paged-1", "b-paged-2");
        assertThat(view.get("breachCount").asInt()).isEqualTo(recorded.size());

        List<String> breachIds = new java.util.ArrayList<>();
        String next = "0";
        while (next != null) {
            JsonNode page = json("/api/contracts/P-API-PAGED/breaches?size=2&fromSequence=" + next);
            assertThat(page.get("breaches").size()).isLessThanOrEqualTo(2);
            page.get("breaches").forEach(b -> breachIds.add(b.get("breachId").asString()));
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }
        assertThat(breachIds).containsExactlyElementsOf(recorded);
        assertThat(json("/api/contracts/P-API-PAGED/breaches?size=200&clauseId=&knownAt=")
                        .get("breaches")
                        .size())
                .as("empty filters are not given")
                .isEqualTo(recorded.size());

        List<Long> sequences = new java.util.ArrayList<>();
        String path = "/api/contracts/P-API-PAGED/history?size=4";
        while (path != null) {
            ResponseEntity<String> page = get(path);
            SlaJson.mapper()
                    .readTree(page.getBody())
                    .forEach(e -> sequences.add(e.get("sequence").asLong()));
            String link = page.getHeaders().getFirst("Link");
            path = link == null ? null : nextPage(link);
        }
        assertThat(sequences)
                .containsExactlyElementsOf(
                        story.envelopes().stream().map(EventEnvelope::sequence).toList());
        assertThat(json("/api/contracts/P-API-PAGED/history"))
                .hasSize(story.envelopes().size());
        assertThat(json("/api/contracts/P-API-PAGED/history/verify")
                        .get("eventsChecked")
                        .asInt())
                .isEqualTo(story.envelopes().size());
    }

    /** The path and query of a {@code Link} header's next page. */
    private static String nextPage(String link) {
        java.net.URI next = java.net.URI.create(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
        assertThat(link).endsWith("rel=\"next\"");
        return next.getRawPath() + "?" + next.getRawQuery();
    }

    /**
     * The current view's answer is rendered once and kept (write-through). It is what the service's
     * JSON setup renders, byte for byte: the {@code asOf} answer of the same moment goes through
     * Spring's converter. After one more event the kept answer is the new one.
     */
    @Test
    void theKeptAnswerIsTheServicesOwnJsonAndFollowsEveryEvent() {
        Story story = Story.toTwoPointZero("P-API-KEPT", "acme", "hostco");
        publishAndAwait(story);
        String kept = get("/api/contracts/P-API-KEPT").getBody();
        assertThat(get("/api/contracts/P-API-KEPT").getBody()).isEqualTo(kept);
        // The story is recorded in 2026-12, and its open clause was filled in: no flag depends on the day.
        assertThat(get("/api/contracts/P-API-KEPT?asOf=2100-01-01T00:00:00Z").getBody())
                .isEqualTo(kept);

        publishAndAwait(story.satisfaction("2026-12", 7, true));

        assertThat(json("/api/contracts/P-API-KEPT").at("/satisfaction/0/score").asInt())
                .isEqualTo(7);
    }

    /** Spring Security observes nothing on the hot path (its spans were the largest allocation per request). */
    @Test
    void requestsLeaveNoSpringSecurityObservations() {
        publishAndAwait(Story.contract("P-API-OBS", "acme", "hostco"));
        assertThat(get("/api/contracts/P-API-OBS").getStatusCode().value()).isEqualTo(200);

        assertThat(metrics.getMeters())
                .extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void contractsAreListedWithFiltersAndPages() {
        publishAndAwait(Story.contract("P-LIST-1", "listco", "hostco"));
        publishAndAwait(Story.contract("P-LIST-2", "listco", "otherco"));
        JsonNode page = json("/api/contracts?clientId=listco&size=1");
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("items")).hasSize(1);
        assertThat(json("/api/contracts?clientId=listco&supplierId=otherco")
                        .at("/items/0/contractId")
                        .asString())
                .isEqualTo("P-LIST-2");
        assertThat(json("/api/contracts?clientId=listco&status=ACTIVE")
                        .get("total")
                        .asInt())
                .isZero();
        assertThat(json("/api/contracts?clientId=listco&supplierId=&status=")
                        .get("total")
                        .asInt())
                .as("an empty filter is one not given, as a form sends a blank field")
                .isEqualTo(2);
    }

    @Test
    void anUnknownContractIsAProblemWith404() {
        ResponseEntity<String> response = get("/api/contracts/NOPE");
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(SlaJson.mapper().readTree(response.getBody()).get("code").asString())
                .isEqualTo("NOT_FOUND");
        assertThat(get("/api/contracts?status=SLEEPING").getStatusCode().value())
                .isEqualTo(400);
    }

    @Test
    void redeliveredAndDuplicatedEventsLeaveEveryViewUnchanged() {
        Story story = Story.toTwoPointZero("P-DUP-1", "dupco", "hostco");
        publishAndAwait(story);
        String before = get("/api/contracts/P-DUP-1").getBody();
        String history = get("/api/contracts/P-DUP-1/history").getBody();

        double duplicatesBefore = duplicatesSeen();
        events.publish(story.envelopes());
        events.publish(List.of(story.envelopes().get(3), story.envelopes().get(0)));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        duplicatesSeen() >= duplicatesBefore + story.envelopes().size() + 2);

        assertThat(get("/api/contracts/P-DUP-1").getBody()).isEqualTo(before);
        assertThat(get("/api/contracts/P-DUP-1/history").getBody()).isEqualTo(history);
        assertThat(jdbc.sql("SELECT count(*) FROM event_log WHERE contract_id = 'P-DUP-1'")
                        .query(Long.class)
                        .single())
                .isEqualTo(story.envelopes().size());
    }

    private double duplicatesSeen() {
        var counter = metrics.find("sla.projection.events")
                .tag("outcome", "duplicate")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aGapParksTheContractUntilTheMissingEventArrives() {
        List<EventEnvelope> all =
                Story.toTwoPointZero("P-GAP-1", "gapco", "hostco").envelopes();
        events.publish(all.subList(0, 3));
        events.publish(all.subList(4, all.size()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> parked("P-GAP-1").path("waitingEvents").asInt() == all.size() - 4);
        assertThat(json("/actuator/health")
                        .at("/components/parkedEvents/status")
                        .asString())
                .isEqualTo("PARKED");
        assertThat(json("/api/contracts/P-GAP-1").get("lastSequence").asLong()).isEqualTo(2);
        assertThat(parked("P-GAP-1").path("expectedSequence").asLong()).isEqualTo(3);
        assertThat(parked("P-GAP-1").path("parkedForGood").asBoolean()).isFalse();
        assertThat(json("/actuator/health").toString())
                .as("anonymous health shows the count only")
                .doesNotContain("P-GAP-1");

        events.publish(all.subList(3, 4));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> json("/api/contracts/P-GAP-1").get("lastSequence").asLong() == all.size() - 1);
        assertThat(json("/api/contracts/P-GAP-1").get("version").asString()).isEqualTo("2.0");
        assertThat(parked("P-GAP-1").isMissingNode()).isTrue();
    }

    @Test
    void theParkedListRefusesALimitBelowOne() {
        for (String limit : List.of("0", "-1", "-2147483648")) {
            var answer = api.get("/api/admin/parked?limit=" + limit);
            assertThat(answer.getStatusCode().value()).as(limit).isEqualTo(400);
            assertThat(answer.getBody()).contains("\"code\":\"INVALID\"");
        }
        assertThat(api.get("/api/admin/parked?limit=2147483647").getStatusCode().value())
                .as("a large limit is capped")
                .isEqualTo(200);
    }

    /** The contract's entry in the ADMIN list of parked contracts, or a missing node. */
    private JsonNode parked(String contractId) {
        for (JsonNode entry : json("/api/admin/parked?limit=1000")) {
            if (entry.path("contractId").asString().equals(contractId)) {
                return entry;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void theScorecardAggregatesASuppliersRecordAcrossThreeClients() {
        publishAndAwait(Story.toTwoPointZero("P-SC-1", "alpha", "scoreco").satisfaction("2026-12", 8, true));
        publishAndAwait(Story.toTwoPointZero("P-SC-2", "beta", "scoreco").satisfaction("2026-12", 6, false));
        publishAndAwait(Story.contract("P-SC-3", "gamma", "scoreco")
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .signed()
                .satisfaction("2026-12", 7, true));

        JsonNode card = json("/api/suppliers/scoreco/scorecard");
        assertThat(card.get("contracts").asInt()).isEqualTo(3);
        assertThat(card.get("clients").asInt()).isEqualTo(3);
        assertThat(card.get("reachedTwoPointZero").asInt()).isEqualTo(2);
        assertThat(card.get("shareReachedTwoPointZero").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(card.get("breaches").asInt()).isEqualTo(4);
        assertThat(card.at("/credited/0/amount").asString()).isEqualTo("1000.00");
        assertThat(card.get("meanSatisfaction").decimalValue()).isEqualByComparingTo("7.00");
        assertThat(card.get("shareWouldRecommend").decimalValue()).isEqualByComparingTo("0.6667");
        assertThat(card.get("medianDaysOpenToFilledIn").asDouble()).isPositive();
        assertThat(card.toString()).doesNotContain("P-SC-1", "alpha");
    }

    /**
     * A terminated contract accepts nothing more: its open clause, overdue the day before, is no
     * longer listed as open work, nor counted against its supplier, nor shown overdue.
     */
    @Test
    void aTerminatedContractsOpenClauseIsNeitherListedNorOverdue() {
        Story story = Story.contract("P-OPEN-END", "endco", "endsupplier")
                .agreedClause(Story.AVAILABILITY, "5")
                .then(
                        com.slaledger.api.Party.SUPPLIER,
                        new com.slaledger.api.event.ClauseLeftOpen(
                                com.slaledger.api.ContractId.of("P-OPEN-END"),
                                Story.RESPONSE_TIME,
                                "Response time",
                                "Agree once we know the incidents.",
                                java.time.LocalDate.parse("2026-06-01"),
                                null))
                .signed();
        publishAndAwait(story);
        assertThat(json("/api/open-clauses?overdue=true&clientId=endco")).hasSize(1);
        assertThat(json("/api/suppliers/endsupplier/scorecard")
                        .at("/sla20/clausesOpenPastReviewBy")
                        .asInt())
                .isEqualTo(1);
        assertThat(json("/api/contracts/P-OPEN-END").at("/clauses/1/overdue").asBoolean())
                .isTrue();

        publishAndAwait(story.then(
                com.slaledger.api.Party.CLIENT,
                new com.slaledger.api.event.ContractTerminated(
                        com.slaledger.api.ContractId.of("P-OPEN-END"),
                        java.time.LocalDate.parse("2026-12-20"),
                        "moving on",
                        com.slaledger.api.Party.CLIENT)));
        assertThat(json("/api/contracts/P-OPEN-END").get("status").asString()).isEqualTo("TERMINATED");
        assertThat(json("/api/open-clauses?clientId=endco")).isEmpty();
        assertThat(json("/api/suppliers/endsupplier/scorecard")
                        .at("/sla20/clausesOpenPastReviewBy")
                        .asInt())
                .isZero();
        JsonNode clause = json("/api/contracts/P-OPEN-END").at("/clauses/1");
        assertThat(clause.get("state").asString())
                .as("the clause stays as it was left")
                .isEqualTo("OPEN");
        assertThat(clause.get("overdue").asBoolean()).isFalse();
        assertThat(json("/api/contracts/P-OPEN-END/pinch").findValues("openClausesPastReviewBy"))
                .allSatisfy(n -> assertThat(n.asInt()).isZero());
    }

    /** A breach both parties withdrew, published through the broker, stays in the record and counts against nobody. */
    @Test
    void aWithdrawnBreachDoesNotCountOnTheSuppliersScorecard() {
        Story story = Story.contract("P-SC-WD", "fairclient", "fairco")
                .agreedClause(Story.AVAILABILITY, "5")
                .signed()
                .creditedBreach("B-1", "2026-12-02T10:00:00Z", "0.00", "500.00", "500.00", false)
                .creditedBreach("B-2", "2026-12-03T10:00:00Z", "500.00", "500.00", "500.00", false);
        publishAndAwait(story);
        assertThat(json("/api/suppliers/fairco/scorecard").get("breaches").asInt())
                .isEqualTo(2);

        publishAndAwait(story.disputed("B-1", "maintenance window").withdrawn("B-1", "500.00"));
        assertThat(json("/api/suppliers/fairco/scorecard").get("breaches").asInt())
                .isEqualTo(1);
        JsonNode view = json("/api/contracts/P-SC-WD");
        assertThat(view.get("breachCount").asInt()).as("the record keeps it").isEqualTo(2);
        assertThat(view.get("withdrawnCount").asInt()).isEqualTo(1);

        publishAndAwait(story.creditedBreach("B-3", "2026-12-04T10:00:00Z", "500.00", "500.00", "500.00", false));
        assertThat(json("/api/suppliers/fairco/scorecard").get("breaches").asInt())
                .as("the next breach counts")
                .isEqualTo(2);
    }

    @Test
    void openClausesAcrossContractsCanBeFilteredByOverdue() {
        publishAndAwait(Story.contract("P-OPEN-1", "openco", "hostco").openClause(Story.RESPONSE_TIME));
        JsonNode overdue = json("/api/open-clauses?overdue=true&clientId=openco");
        JsonNode inTime = json("/api/open-clauses?overdue=false&clientId=openco");
        boolean pastReviewDate =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).isAfter(java.time.LocalDate.parse("2027-03-01"));
        assertThat((pastReviewDate ? overdue : inTime)).hasSize(1);
        assertThat((pastReviewDate ? inTime : overdue)).isEmpty();
        assertThat(json("/api/open-clauses?clientId=openco").at("/0/clauseId").asString())
                .isEqualTo("response-time");
        assertThat(json("/api/open-clauses?clientId=&supplierId=hostco&overdue="))
                .extracting(clause -> clause.get("contractId").asString())
                .contains("P-OPEN-1");
    }

    /**
     * The open clauses come in pages with a {@code Link} to the next, as the history does, and a page
     * or size out of range is refused, not read as page 0 and size 1.
     */
    @Test
    void openClausesArePagedWithALinkToTheNextPage() {
        for (int i = 1; i <= 5; i++) {
            publishAndAwait(
                    Story.contract("P-OPEN-PAGED-" + i, "pagedco", "hostco").openClause(Story.RESPONSE_TIME));
        }
        List<String> contracts = new java.util.ArrayList<>();
        List<Integer> pageSizes = new java.util.ArrayList<>();
        String path = "/api/open-clauses?clientId=pagedco&size=2";
        while (path != null) {
            ResponseEntity<String> page = get(path);
            JsonNode clauses = SlaJson.mapper().readTree(page.getBody());
            pageSizes.add(clauses.size());
            clauses.forEach(c -> contracts.add(c.get("contractId").asString()));
            String link = page.getHeaders().getFirst("Link");
            path = link == null ? null : nextPage(link);
        }
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(contracts)
                .containsExactlyInAnyOrder(
                        "P-OPEN-PAGED-1", "P-OPEN-PAGED-2", "P-OPEN-PAGED-3", "P-OPEN-PAGED-4", "P-OPEN-PAGED-5");
        assertThat(get("/api/open-clauses?clientId=pagedco&size=5").getHeaders().getFirst("Link"))
                .as("a page that holds the rest names no next one")
                .isNull();
        for (String refused : List.of("page=-1", "size=0", "size=-3&page=-2")) {
            ResponseEntity<String> answer = get("/api/open-clauses?clientId=pagedco&" + refused);
            assertThat(answer.getStatusCode().value()).as(refused).isEqualTo(400);
            assertThat(answer.getBody()).contains("\"code\":\"INVALID\"");
        }
    }

    /**
     * A contract in the list says how many of its open clauses are overdue (review-by date passed,
     * contract not terminated), so the contracts page marks each one, however many clauses are
     * overdue elsewhere.
     */
    @Test
    void theListCountsEachContractsOverdueClauses() {
        Story running = Story.contract("P-LIST-OVERDUE", "listoverdueco", "hostco")
                .openClause(Story.RESPONSE_TIME)
                .then(
                        com.slaledger.api.Party.CLIENT,
                        new com.slaledger.api.event.ClauseLeftOpen(
                                com.slaledger.api.ContractId.of("P-LIST-OVERDUE"),
                                com.slaledger.api.ClauseId.of("helpdesk"),
                                "Helpdesk",
                                "Hours once we know the calls.",
                                java.time.LocalDate.parse("2026-11-02"),
                                null));
        publishAndAwait(running);

        JsonNode item = json("/api/contracts?clientId=listoverdueco").at("/items/0");
        assertThat(item.get("contractId").asString()).isEqualTo("P-LIST-OVERDUE");
        assertThat(item.get("openClauses").asLong()).isEqualTo(2);
        assertThat(item.get("overdueClauses").asLong())
                .as("the helpdesk's review-by date has passed; response time's (2027-03-01) has not, unless the"
                        + " test runs after it")
                .isEqualTo(
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                        .isAfter(java.time.LocalDate.parse("2027-03-01"))
                                ? 2
                                : 1);
    }
}
