package com.slaledger.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The query benchmarks' load generator reads what a server answers, however it frames the body. */
class LeanGetsTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsBodiesOfAKnownLengthAndChunkedOnesOverKeptConnections() throws Exception {
        List<String> authorizations = new ArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, "{\"fixed\":" + exchange.getRequestURI().getQuery() + "}", false);
        });
        server.createContext("/chunked", exchange -> answer(exchange, 404, "x".repeat(20_000), true));
        server.start();

        try (LeanGets gets = new LeanGets(url(server.getAddress().getPort()), "Bearer t", 2)) {
            List<CompletableFuture<LeanGets.Response>> fixed = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fixed.add(gets.getWithBody("/fixed?" + i));
            }
            LeanGets.Response chunked = within(gets.getWithBody("/chunked"));
            LeanGets.Response dropped = within(gets.get("/fixed?7"));

            for (int i = 0; i < 50; i++) {
                LeanGets.Response response = within(fixed.get(i));
                assertThat(response.status()).isEqualTo(200);
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"fixed\":" + i + "}");
            }
            assertThat(chunked.status()).isEqualTo(404);
            assertThat(chunked.body()).hasSize(20_000);
            assertThat(dropped.status()).isEqualTo(200);
            assertThat(dropped.body()).isNull();
            assertThat(authorizations).hasSize(51).containsOnly("Bearer t");
        }
    }

    /**
     * A server that answers each connection's first request and then closes it, once saying {@code
     * Connection: close} and once without a word (as a server does with an idle kept connection):
     * every request still gets its answer.
     */
    @Test
    void opensANewConnectionWhenTheServerClosesOne() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread accepting = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket socket = listener.accept()) {
                        int n = connections.incrementAndGet();
                        readRequest(socket.getInputStream());
                        String body = "answer " + n;
                        socket.getOutputStream()
                                .write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n"
                                                + (n % 2 == 0 ? "Connection: close\r\n" : "") + "\r\n" + body)
                                        .getBytes(StandardCharsets.US_ASCII));
                        // the odd ones close without saying so: the next request on it finds it closed
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();

            try (LeanGets gets = new LeanGets(url(listener.getLocalPort()), "Bearer t", 1)) {
                for (int i = 1; i <= 6; i++) {
                    LeanGets.Response response = within(gets.getWithBody("/any"));
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(new String(response.body(), StandardCharsets.US_ASCII))
                            .isEqualTo("answer " + i);
                }
            }
            assertThat(connections).hasValue(6);
        }
    }

    /** The answer, or a failure when there is none in 10 s (a client that misreads a body waits for bytes that never come). */
    private static LeanGets.Response within(CompletableFuture<LeanGets.Response> answer) throws Exception {
        return answer.get(10, TimeUnit.SECONDS);
    }

    private static void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }
}
