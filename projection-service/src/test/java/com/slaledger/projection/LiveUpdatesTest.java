package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.testsupport.Story;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ProjectionServiceTest
class LiveUpdatesTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Test
    void aSubscriberGetsTheCurrentViewAndThenTheNewViewAfterEachEvent() throws Exception {
        List<com.slaledger.api.event.EventEnvelope> story =
                Story.toTwoPointZero("LIVE-1", "liveco", "hostco").envelopes();
        events.publish(story.subList(0, 3));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Api.on(port)
                                .get("/api/contracts/LIVE-1")
                                .getStatusCode()
                                .value()
                        == 200);

        List<String> received = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/contracts/LIVE-1/stream"))
                                .header("Accept", "text/event-stream")
                                .header(
                                        "Authorization",
                                        "Bearer " + com.slaledger.testsupport.TestTokens.withRoles("ANALYST"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture.runAsync(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        received.add(line.substring(5));
                    }
                }
            } catch (java.io.IOException closed) {
                // the test ended the stream
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 1);
        events.publish(story.subList(3, story.size()));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> received.stream()
                        .map(json -> com.slaledger.api.json.SlaJson.mapper().readTree(json))
                        .anyMatch(view -> "2.0".equals(view.path("version").asString(null))));
        JsonNode first = com.slaledger.api.json.SlaJson.mapper().readTree(received.get(0));
        assertThat(first.get("lastSequence").asLong()).isEqualTo(2);
        assertThat(Api.on(port)
                        .get("/api/contracts/NOPE/stream")
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        response.body().close();
    }

    @Test
    void healthReportsTheConsumersLag() {
        JsonNode health = Api.on(port).json("/actuator/health");
        assertThat(health.at("/components/consumerLag/details/group").asString())
                .isEqualTo("projection-service");
        assertThat(health.at("/components/consumerLag/details/lag").isIntegralNumber())
                .isTrue();
    }
}
