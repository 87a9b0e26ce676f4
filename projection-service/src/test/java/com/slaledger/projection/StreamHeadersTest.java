package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.projection.contractview.ContractStream;
import com.slaledger.testsupport.Story;
import com.slaledger.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A live stream's status line and headers are sent by the request's own thread before any view is
 * written, once, through the whole filter chain: a sender thread never writes them while Spring
 * Security's {@code HeaderWriterFilter} may be writing them on the request thread
 * (spring-security#9175), a race that can leave a stream open with nothing sent, not even its
 * status line, for half an hour (ADR 0041).
 *
 * <p>The streams here open and write their views through {@link HeldWrites}: held until released, or after a
 * delay, so that the first write comes before, during or after the request thread's way out.
 */
@ProjectionServiceTest
@Import(StreamHeadersTest.HeldWrites.class)
// A context of its own, so a consumer group of its own: in the shared one's group it waited for a
// member of the paused shared context to time out (45 s) when the class before it ended with that
// member still joining (FoldVersionTest does, after its rebuilds).
@TestPropertySource(properties = "sla.projection.group-id=projection-stream-headers-test")
@ExtendWith(OutputCaptureExtension.class)
class StreamHeadersTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    ContractStream stream;

    @Autowired
    MeterRegistry meter;

    @AfterEach
    void letWritesGo() {
        HeldWrites.openGate.countDown();
        HeldWrites.gate.countDown();
        HeldWrites.delayMillis = 0;
        HeldWrites.unwritable = false;
    }

    @Test
    void aStreamsHeadersComeAtOnceWhileItsFirstViewIsStillBeingWritten() throws Exception {
        events.publishAndAwait(Story.contract("HEAD-1").envelopes());
        HeldWrites.gate = new CountDownLatch(1);

        HttpResponse<InputStream> response = open("HEAD-1");
        try {
            // Came while the gate is shut: no view can have been written yet.
            assertThat(response.statusCode()).isEqualTo(200);
            assertOneSetOfHeaders(response);
            await("the first view's write, held at the gate")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> HeldWrites.held.get() == 1);

            HeldWrites.gate.countDown();
            assertThat(firstLine(response)).startsWith("event:contract");
        } finally {
            response.body().close();
        }
    }

    /**
     * Generated delays of every write, from none to past the request thread's way out of the filter
     * chain: each stream opens with one set of headers and then its view.
     */
    @Test
    void everyStreamOpensWithOneSetOfHeadersWhenItsFirstWriteComes() throws Exception {
        events.publishAndAwait(Story.contract("HEAD-2").envelopes());
        List<Integer> delays = Arbitraries.integers()
                .between(0, 40)
                .withDistribution(net.jqwik.api.RandomDistribution.uniform())
                .sampleStream()
                // Fewer than the contract's 20 places: a closed stream leaves at its next write.
                .limit(15)
                .toList();
        for (int delay : delays) {
            HeldWrites.delayMillis = delay;
            HttpResponse<InputStream> response = open("HEAD-2");
            try {
                assertThat(response.statusCode())
                        .as("first write after %d ms", delay)
                        .isEqualTo(200);
                assertOneSetOfHeaders(response);
                assertThat(firstLine(response))
                        .as("first write after %d ms", delay)
                        .startsWith("event:contract");
            } finally {
                response.body().close();
            }
        }
    }

    /**
     * A view whose JSON cannot be written ends the client's stream and gives the place back,
     * whether the write comes before or after Spring has set the stream up, instead of leaving it
     * open with nothing more sent; the next stream on the contract is served.
     */
    @Test
    void aViewThatCannotBeWrittenEndsItsClientsStreamAndTheNextStreamIsServed() throws Exception {
        events.publishAndAwait(Story.contract("HEAD-3").envelopes());
        HeldWrites.unwritable = true;
        HttpResponse<InputStream> failing = open("HEAD-3");
        try {
            assertThat(failing.statusCode()).isEqualTo(200);
            assertThat(CompletableFuture.supplyAsync(() -> dataLinesUntilTheEnd(failing))
                            .get(20, TimeUnit.SECONDS))
                    .as("no view came before the stream ended")
                    .isZero();
            await("the place given back")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> stream.subscriberCount("HEAD-3") == 0);
        } finally {
            HeldWrites.unwritable = false;
            failing.body().close();
        }

        HttpResponse<InputStream> next = open("HEAD-3");
        try {
            assertThat(firstLine(next)).startsWith("event:contract");
        } finally {
            next.body().close();
        }
    }

    /**
     * A client whose connection is reset after its request was read, before its stream's headers
     * are sent: the flush fails, the place is given back at once, not at the next heartbeat (15 s
     * here), nothing is logged as an error, and the next stream on the contract is served.
     */
    @Test
    void aClientGoneBeforeItsHeadersAreSentGivesItsPlaceBackAndTheNextStreamIsServed(CapturedOutput log)
            throws Exception {
        events.publishAndAwait(Story.contract("HEAD-4").envelopes());
        HeldWrites.openGate = new CountDownLatch(1);
        int logBefore = log.getOut().length();
        try (Socket client = new Socket("localhost", port)) {
            client.getOutputStream()
                    .write(("GET /api/contracts/HEAD-4/stream HTTP/1.1\r\n"
                                    + "Host: localhost\r\n"
                                    + "Accept: text/event-stream\r\n"
                                    + "Authorization: Bearer " + TestTokens.withRoles("ANALYST") + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            await("the stream opening, its headers held")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> HeldWrites.opening.get() == 1);
            assertThat(stream.subscriberCount("HEAD-4")).isEqualTo(1);
            // Closed with no linger, the connection is reset, as by a client that has gone.
            client.setSoLinger(true, 0);
        }
        HeldWrites.openGate.countDown();

        await("the place given back").atMost(Duration.ofSeconds(5)).until(() -> stream.subscriberCount("HEAD-4") == 0);
        HttpResponse<InputStream> next = open("HEAD-4");
        try {
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(firstLine(next)).startsWith("event:contract");
        } finally {
            next.body().close();
        }
        assertThat(meter.counter("sla.projection.stream.dropped", "reason", "gone-before-open")
                        .count())
                .isEqualTo(1.0);
        assertThat(log.getOut().substring(logBefore))
                .as("a client that went is no error of the service's")
                .doesNotContain(" ERROR ")
                .doesNotContain("Failure in @ExceptionHandler");
    }

    /** The {@code data:} lines a stream carries until it ends; a stream cut off ends it too. */
    private static long dataLinesUntilTheEnd(HttpResponse<InputStream> response) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            return lines.lines().filter(line -> line.startsWith("data:")).count();
        } catch (IOException | java.io.UncheckedIOException cutOff) {
            return 0;
        }
    }

    /** Written by the request thread with the commit: Spring Security's headers, each once. */
    private static void assertOneSetOfHeaders(HttpResponse<InputStream> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(response.headers().allValues("Cache-Control")).hasSize(1);
    }

    private static String firstLine(HttpResponse<InputStream> response) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return lines.readLine();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<InputStream> open(String contractId) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/api/contracts/" + contractId + "/stream"))
                                .header("Accept", "text/event-stream")
                                .header("Authorization", "Bearer " + TestTokens.withRoles("ANALYST"))
                                // The headers come before the first view, or the test fails here.
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * The service's live streams, each one's headers held at {@link #openGate} before they are
     * sent, each write held at {@link #gate} and then delayed by {@link #delayMillis}; while
     * {@link #unwritable} holds, writing a view's JSON fails.
     */
    @TestConfiguration
    static class HeldWrites {

        static volatile CountDownLatch openGate = new CountDownLatch(0);
        static final AtomicInteger opening = new AtomicInteger();
        static volatile CountDownLatch gate = new CountDownLatch(0);
        static volatile long delayMillis;
        static volatile boolean unwritable;
        static final AtomicInteger held = new AtomicInteger();

        @Bean
        @Primary
        ContractStream heldStream(Clock clock, MeterRegistry metrics) {
            return new ContractStream(clock, metrics, 20, 50, 500, Duration.ofSeconds(10), Duration.ofSeconds(15)) {
                @Override
                protected SseEmitter newEmitter(long timeoutMillis) {
                    return new HeadersFirst(timeoutMillis) {
                        @Override
                        protected void extendResponse(ServerHttpResponse response) {
                            hold(opening, openGate, 0);
                            super.extendResponse(response);
                        }

                        @Override
                        public void send(SseEventBuilder builder) throws IOException {
                            hold(held, gate, delayMillis);
                            super.send(builder);
                        }
                    };
                }

                @Override
                protected byte[] render(com.slaledger.api.view.ContractView view) {
                    if (unwritable) {
                        throw new IllegalArgumentException("this view cannot be written");
                    }
                    return super.render(view);
                }
            };
        }

        /**
         * A step of a stream made slow: counted in {@code count} while it waits at {@code gate}, then
         * {@code thenMillis} more.
         */
        private static void hold(AtomicInteger count, CountDownLatch gate, long thenMillis) {
            count.incrementAndGet();
            try {
                gate.await();
                // A slow write is the thing under test, not a wait for a condition: it moves the
                // write across the request thread's way out.
                Thread.sleep(thenMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                count.decrementAndGet();
            }
        }
    }
}
