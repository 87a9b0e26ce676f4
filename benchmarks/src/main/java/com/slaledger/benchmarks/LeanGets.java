package com.slaledger.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * HTTP/1.1 GETs over a fixed number of kept-alive connections, one blocking thread each: the load
 * generator of the query benchmarks. The JDK's asynchronous client spent twice the CPU of the
 * service it measured (0.45 of the two cores at 1,000 requests/s, 0.7 at 2,000, in JFR), so the
 * benchmark measured a machine busy with its own driver. Requests wait in one queue for the next
 * free connection; the caller times them from when they were due, so a wait counts as latency.
 *
 * <p>Reads a response's status, its headers and a body of {@code Content-Length} or chunked;
 * reconnects when the server says {@code Connection: close} (Tomcat does so every 100 requests)
 * and sends a request again once when a kept connection turns out closed before any answer.
 */
final class LeanGets implements AutoCloseable {

    /** A response: its status and, when asked for, its body. */
    record Response(int status, byte[] body) {}

    private record Request(String path, boolean keepBody, CompletableFuture<Response> answer) {}

    private static final Request STOP = new Request(null, false, null);

    private final String host;
    private final int port;
    private final byte[] headers;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    LeanGets(String baseUrl, String authorization, int connections) {
        URI base = URI.create(baseUrl);
        this.host = base.getHost();
        this.port = base.getPort();
        this.headers = (" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + authorization
                        + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < connections; i++) {
            Thread worker = new Thread(this::work, "lean-get-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /** Sends {@code GET path} on the next free connection; the body is read and dropped. */
    CompletableFuture<Response> get(String path) {
        return enqueue(path, false);
    }

    /** Sends {@code GET path} and keeps the body. */
    CompletableFuture<Response> getWithBody(String path) {
        return enqueue(path, true);
    }

    private CompletableFuture<Response> enqueue(String path, boolean keepBody) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        queue.add(new Request(path, keepBody, answer));
        return answer;
    }

    private void work() {
        Connection connection = null;
        try {
            for (Request request = queue.take(); request != STOP; request = queue.take()) {
                try {
                    if (connection == null) {
                        connection = new Connection();
                    }
                    Response response;
                    try {
                        response = connection.exchange(request);
                    } catch (Stale e) {
                        connection.close();
                        connection = new Connection();
                        response = connection.exchange(request);
                    }
                    if (!connection.open) {
                        connection.close();
                        connection = null;
                    }
                    request.answer().complete(response);
                } catch (IOException | RuntimeException e) {
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                    request.answer().completeExceptionally(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Override
    public void close() {
        workers.forEach(w -> queue.add(STOP));
    }

    /** A kept connection closed by the server before it answered: worth one more try on a new one. */
    private static final class Stale extends IOException {
        Stale() {
            super("connection closed before the answer");
        }
    }

    private final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private boolean used;
        private boolean open = true;

        Connection() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        Response exchange(Request request) throws IOException {
            byte[] path = ("GET " + request.path()).getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = new byte[path.length + headers.length];
            System.arraycopy(path, 0, bytes, 0, path.length);
            System.arraycopy(headers, 0, bytes, path.length, headers.length);
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                if (used) {
                    throw new Stale();
                }
                throw e;
            }
            String status = line(used);
            used = true;
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(false); !header.isEmpty(); header = line(false)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    open = false;
                }
            }
            var body = request.keepBody() ? new ByteArrayOutputStream() : null;
            if (chunked) {
                for (long size = Long.parseLong(line(false).split(";")[0].trim(), 16);
                        size > 0;
                        size = Long.parseLong(line(false).split(";")[0].trim(), 16)) {
                    body(size, body);
                    line(false);
                }
                while (!line(false).isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                body(length, body);
            } else {
                open = false; // a body until the connection closes
                body(Long.MAX_VALUE, body);
            }
            return new Response(code, body == null ? null : body.toByteArray());
        }

        private void body(long length, ByteArrayOutputStream keep) throws IOException {
            byte[] buffer = new byte[8_192];
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    if (length == Long.MAX_VALUE) {
                        return;
                    }
                    throw new EOFException("the answer ended early");
                }
                if (keep != null) {
                    keep.write(buffer, 0, read);
                }
                left -= read;
            }
        }

        /** One line without its CRLF; {@code stale} when an end here means the kept connection had closed. */
        private String line(boolean stale) throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    if (stale && line.isEmpty()) {
                        throw new Stale();
                    }
                    throw new EOFException("the answer ended early");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
