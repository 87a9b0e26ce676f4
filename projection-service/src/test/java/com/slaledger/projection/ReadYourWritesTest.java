package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.projection.contractview.ViewWaits;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/contracts/{id}?minSequence=N}: the answer waits for the consumer to commit the
 * contract at N, through the broker, instead of the client asking again and again.
 */
@ProjectionServiceTest
class ReadYourWritesTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    ViewWaits waits;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aReadForASequenceNotYetShownIsAnsweredWhenTheConsumerCommitsIt() throws Exception {
        List<EventEnvelope> story =
                Story.toTwoPointZero("RYW-1", "rywco", "hostco").envelopes();
        events.publish(story.subList(0, 3));
        awaitShown("RYW-1", 2);
        long last = story.get(story.size() - 1).sequence();

        CompletableFuture<HttpResponse<String>> waiting = getAsync("/api/contracts/RYW-1?minSequence=" + last);
        awaitWaiting(1);
        assertThat(waiting).isNotDone();
        long sent = System.nanoTime();
        events.publish(story.subList(3, story.size()));
        HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - sent) / 1_000_000;

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode view = SlaJson.mapper().readTree(answer.body());
        assertThat(view.get("lastSequence").asLong()).isEqualTo(last);
        assertThat(view.get("version").asString()).isEqualTo("2.0");
        // Answered by the commit, not by the timeout's last look (5 s).
        assertThat(waitedMillis).isLessThan(4_000);
    }

    @Test
    void aSequenceShownAlreadyIsAnsweredAtOnceAndAPlainReadIsUnchanged() throws Exception {
        List<EventEnvelope> story =
                Story.toTwoPointZero("RYW-2", "rywco", "hostco").envelopes();
        events.publish(story);
        long last = story.get(story.size() - 1).sequence();
        awaitShown("RYW-2", last);

        HttpResponse<String> waited =
                getAsync("/api/contracts/RYW-2?minSequence=1").get(2, TimeUnit.SECONDS);
        ResponseEntity<String> plain = Api.on(port).get("/api/contracts/RYW-2");

        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(SlaJson.mapper().readTree(waited.body()))
                .isEqualTo(SlaJson.mapper().readTree(plain.getBody()));
    }

    @Test
    void aSequenceTheProjectionDoesNotReachIs504ViewBehindAfterTheWait() throws Exception {
        List<EventEnvelope> story =
                Story.toTwoPointZero("RYW-3", "rywco", "hostco").envelopes();
        events.publish(story.subList(0, 2));
        awaitShown("RYW-3", 1);

        long asked = System.nanoTime();
        HttpResponse<String> answer =
                getAsync("/api/contracts/RYW-3?minSequence=50").get(30, TimeUnit.SECONDS);

        assertThat((System.nanoTime() - asked) / 1_000_000).isGreaterThanOrEqualTo(4_900);
        assertThat(answer.statusCode()).isEqualTo(504);
        JsonNode problem = SlaJson.mapper().readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("VIEW_BEHIND");
        assertThat(problem.get("detail").asString()).contains("shown up to 1");
        // The next good read still gets through.
        assertThat(getAsync("/api/contracts/RYW-3?minSequence=1")
                        .get(2, TimeUnit.SECONDS)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aContractTheCallerMayNotSeeIsNotWaitedForNorShownWhenItArrives() throws Exception {
        List<EventEnvelope> seen =
                Story.toTwoPointZero("RYW-4", "rywco", "hostco").envelopes();
        events.publish(seen.subList(0, 2));
        awaitShown("RYW-4", 1);
        String stranger = TestTokens.forParties(List.of("someoneelse"), "ANALYST");

        long asked = System.nanoTime();
        HttpResponse<String> known =
                getAsync("/api/contracts/RYW-4?minSequence=5", stranger).get(2, TimeUnit.SECONDS);
        assertThat(known.statusCode()).isEqualTo(404);
        assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(2_000);

        // Not there yet when asked: the wait ends with 404 when it arrives, not with the view.
        List<EventEnvelope> later =
                Story.toTwoPointZero("RYW-5", "rywco", "hostco").envelopes();
        CompletableFuture<HttpResponse<String>> waiting = getAsync("/api/contracts/RYW-5?minSequence=0", stranger);
        awaitWaiting(1);
        events.publish(later.subList(0, 1));
        HttpResponse<String> arrived = waiting.get(30, TimeUnit.SECONDS);
        assertThat(arrived.statusCode()).isEqualTo(404);
        assertThat(arrived.body()).doesNotContain("rywco");
    }

    /**
     * Whatever is given as minSequence that is not a sequence (negative, too large for one, or not a
     * number: eight named, sixty generated), the answer is 400 INVALID at once (UNREADABLE_REQUEST
     * for a control character, refused before the endpoint reads it), and the next good read gets
     * through.
     */
    @Test
    void anythingButASequenceIsRefusedAsInvalid() throws Exception {
        List<String> generated =
                new java.util.ArrayList<>(List.of("abc", "99999999999999999999", "-1", "1.5", "໕", " 5", "+5", "0x10"));
        generated.addAll(notASequence().list().ofSize(60).sample());
        for (String minSequence : generated) {
            ResponseEntity<String> answer = Api.on(port)
                    .http()
                    .get()
                    .uri(builder -> builder.path("/api/contracts/RYW-1")
                            .queryParam("minSequence", "{value}")
                            .build(minSequence))
                    .retrieve()
                    .toEntity(String.class);

            assertThat(answer.getStatusCode().value()).as(minSequence).isEqualTo(400);
            assertThat(SlaJson.mapper().readTree(answer.getBody()).path("code").asString(""))
                    .as("%s: %s", minSequence, answer.getBody())
                    .isEqualTo(Api.refusalOf(minSequence));
        }
        events.publish(
                Story.toTwoPointZero("RYW-6", "rywco", "hostco").envelopes().subList(0, 1));
        assertThat(getAsync("/api/contracts/RYW-6?minSequence=0")
                        .get(30, TimeUnit.SECONDS)
                        .statusCode())
                .isEqualTo(200);
    }

    private static Arbitrary<String> notASequence() {
        return Arbitraries.<String>oneOf(
                Arbitraries.longs().lessOrEqual(-1).map(n -> Long.toString(n)),
                // Only ASCII digits are a sequence (QueryNumbers): not whitespace, a plus, hex, or
                // digits of other scripts, all of which Spring's own reading takes. A minus before
                // zeros alone still writes 0.
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.matches("[0-9]+|-0+")),
                Arbitraries.bigIntegers()
                        .between(
                                java.math.BigInteger.valueOf(Long.MAX_VALUE).add(java.math.BigInteger.ONE),
                                java.math.BigInteger.TEN.pow(40))
                        .map(n -> n.toString()));
    }

    @Test
    void minSequenceAndAsOfTogetherAreRefused() {
        ResponseEntity<String> answer =
                Api.on(port).get("/api/contracts/RYW-1?minSequence=1&asOf=2026-01-01T00:00:00Z");

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).contains("INVALID");
    }

    @Test
    void whenAsManyReadsWaitAsAllowedTheNextIs503TooManyWaitingAndAFreedPlaceServesAgain() throws Exception {
        events.publish(
                Story.toTwoPointZero("RYW-7", "rywco", "hostco").envelopes().subList(0, 1));
        awaitShown("RYW-7", 0);
        List<ViewWaits.Wait> held = new java.util.ArrayList<>();
        try {
            while (true) {
                try {
                    held.add(waits.await("RYW-FULL", Long.MAX_VALUE, () -> null, view -> {}, () -> {}));
                } catch (com.slaledger.api.CommandRejectedException full) {
                    break;
                }
            }

            HttpResponse<String> refused =
                    getAsync("/api/contracts/RYW-7?minSequence=0").get(5, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(SlaJson.mapper().readTree(refused.body()).get("code").asString())
                    .isEqualTo("TOO_MANY_WAITING");
        } finally {
            held.forEach(ViewWaits.Wait::cancel);
        }
        assertThat(getAsync("/api/contracts/RYW-7?minSequence=0")
                        .get(5, TimeUnit.SECONDS)
                        .statusCode())
                .isEqualTo(200);
    }

    /** Until this instance holds that many waiting reads: the request has been taken in. */
    private void awaitWaiting(int reads) {
        await().atMost(Duration.ofSeconds(10)).until(() -> waits.waiting() >= reads);
    }

    private void awaitShown(String contractId, long sequence) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ResponseEntity<String> answer = Api.on(port).get("/api/contracts/" + contractId);
            return answer.getStatusCode().value() == 200
                    && SlaJson.mapper()
                                    .readTree(answer.getBody())
                                    .get("lastSequence")
                                    .asLong()
                            >= sequence;
        });
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return getAsync(path, TestTokens.all());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path, String token) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
