package com.slaledger.benchmarks;

import com.slaledger.api.json.SlaJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** The REST calls the benchmarks and the fault suite make, with one bearer token. */
record ProjectionApi(HttpClient http, String bearer) {

    /** The body of a 200 answer as JSON; null for any other answer or none. */
    JsonNode get(String url) {
        try {
            HttpResponse<String> response = http.send(request(url), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? SlaJson.mapper().readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the answer is a 200, once all of its body has arrived; the body is read and dropped. */
    boolean answers(String url) {
        try {
            return http.send(request(url), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A GET of {@code url} with the token, given up after 30 s. */
    private HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", bearer)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    /** Starts a rebuild of every read model; its HTTP status (202, or 409 while one runs). */
    int startRebuild(String projectionUrl) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(projectionUrl + "/api/admin/rebuild"))
                                .header("Authorization", bearer)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /**
     * Starts a rebuild of every read model and waits for it to end; its final status. Each status
     * read on the way (every half second) goes to {@code progress}.
     */
    JsonNode rebuild(String projectionUrl, Consumer<JsonNode> progress) throws IOException, InterruptedException {
        startRebuild(projectionUrl);
        JsonNode status;
        do {
            Thread.sleep(500);
            status = get(projectionUrl + "/api/admin/rebuild");
            if (status != null) {
                progress.accept(status);
            }
        } while (status == null || status.path("state").asString("").equals("RUNNING"));
        return status;
    }
}
