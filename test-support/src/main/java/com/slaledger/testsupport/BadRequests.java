package com.slaledger.testsupport;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.springframework.boot.test.system.CapturedOutput;

/**
 * HTTP requests that no endpoint should ever see, generated, and a client that sends them as bytes
 * over a socket: the usual clients refuse to send most of them. Each request is one of:
 *
 * <ul>
 *   <li>a path with bad bytes in a segment: percent-encoded bytes of any value (invalid UTF-8, NUL,
 *       an encoded {@code /}, {@code \}, {@code ;} or {@code %}), raw bytes of 0x80-0xFF and control
 *       characters, {@code ;}, {@code ..};
 *   <li>a query parameter whose value decodes to bytes that are not UTF-8, or is not percent-encoded
 *       properly;
 *   <li>a header with a control character in its name, or one too large;
 *   <li>a second {@code Authorization} header, in any case, whose token is the first's, another
 *       valid one, or not a token;
 *   <li>a query parameter the endpoint does not read: a near miss of one the service reads
 *       somewhere ({@code asof}, {@code client_Id}; {@link HostileEnvelopes#nearMisses});
 *   <li>a method the path does not take, or a path nothing answers.
 * </ul>
 */
public final class BadRequests {

    private BadRequests() {}

    /** What came back: the status, the content type, and the body (chunks joined). */
    public record Answer(int status, String contentType, String body) {}

    /** A request to send to a service, and what it was made of, for the assertion's message. */
    public record Bad(byte[] bytes, String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    /**
     * Bad requests against {@code paths} (each a real endpoint's path, sent with {@code token}):
     * every request holds at least one bad thing, so none of them may be answered 2xx or 5xx. The
     * bad query values go to {@code queried}, endpoints that read {@code clientId} and {@code size}
     * (Tomcat decodes a query only when an endpoint reads a parameter; others never look at it).
     */
    public static Arbitrary<Bad> against(List<String> paths, List<String> queried, String token) {
        Arbitrary<String> path = Arbitraries.of(paths);
        List<Arbitrary<Bad>> kinds = new ArrayList<>(List.of(
                Combinators.combine(path, badSegment()).as((p, segment) -> get(p + "/" + segment, token, "")),
                Combinators.combine(path, badHeader()).as((p, header) -> get(p, token, header)),
                Combinators.combine(path, Arbitraries.of("PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"))
                        .as((p, method) -> request(method, p, token, "")),
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .ofMinLength(1)
                        .ofMaxLength(12)
                        .map(name -> get("/api/no-such-" + name, token, ""))));
        kinds.add(Combinators.combine(path, unreadParameter()).as((p, name) -> get(p + "?" + name + "=1", token, "")));
        if (token != null) {
            kinds.add(Combinators.combine(path, secondAuthorization(token)).as((p, header) -> get(p, token, header)));
        }
        if (!queried.isEmpty()) {
            kinds.add(Combinators.combine(Arbitraries.of(queried), badQueryValue())
                    .as((p, value) -> get(p + "?clientId=" + value + "&size=" + value, token, "")));
            kinds.add(Combinators.combine(Arbitraries.of(queried), controlInText())
                    .as((p, value) -> get(p + "?clientId=" + value, token, "")));
        }
        return Arbitraries.oneOf(kinds);
    }

    /** A path segment holding at least one bad element among plain letters. */
    private static Arbitrary<String> badSegment() {
        Arbitrary<String> bad = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(b -> String.format(Locale.ROOT, "%%%02X", b)),
                Arbitraries.of("%2F", "%2f", "%5C", "%00", "%25", "%3B", ";", "..", "%2E%2E", "%C0%AE", "%FF%FE"),
                Arbitraries.integers()
                        .between(0x80, 0xFF)
                        .map(b -> String.valueOf((char) (int) b))
                        .map(c -> "\u0000raw" + c),
                Arbitraries.of(0x01, 0x07, 0x1F, 0x7F).map(b -> "\u0000raw" + (char) (int) b));
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(4);
        return Combinators.combine(plain, bad.list().ofMinSize(1).ofMaxSize(3), plain)
                .as((before, bads, after) -> before + String.join("", bads) + after);
    }

    /** A query value that does not decode to UTF-8, or is not percent-encoding at all. */
    private static Arbitrary<String> badQueryValue() {
        Arbitrary<String> continuation =
                Arbitraries.integers().between(0x80, 0xBF).map(b -> String.format(Locale.ROOT, "%%%02X", b));
        Arbitrary<String> notUtf8 = Arbitraries.oneOf(
                continuation, // a continuation byte with no lead
                Arbitraries.integers().between(0xF8, 0xFF).map(b -> String.format(Locale.ROOT, "%%%02X", b)),
                Arbitraries.integers().between(0xC2, 0xDF).map(b -> String.format(Locale.ROOT, "%%%02X", b) + "A"),
                Arbitraries.of("%C0%AF", "%ED%A0%80", "%E0%80%80", "%zz", "%g1"));
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(3);
        // An escape cut short, at the end of the value where no letter can complete it.
        Arbitrary<String> end = Arbitraries.of("", "", "%", "%4");
        return Combinators.combine(plain, notUtf8, plain, end).as((a, bad, b, cut) -> a + bad + b + cut);
    }

    /**
     * Text that decodes, as UTF-8, to letters around a control character: C0 (NUL among them), DEL
     * or C1. A text filter took it as it came, and a NUL reached PostgreSQL, which answered an
     * error, so the list was answered 500.
     */
    private static Arbitrary<String> controlInText() {
        Arbitrary<String> control = Arbitraries.oneOf(
                Arbitraries.integers().between(0x00, 0x1F).map(b -> String.format(Locale.ROOT, "%%%02X", b)),
                Arbitraries.just("%7F"),
                Arbitraries.integers().between(0x80, 0x9F).map(b -> String.format(Locale.ROOT, "%%C2%%%02X", b)));
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(3);
        return Combinators.combine(plain, control, plain).as((a, c, b) -> a + c + b);
    }

    private static Arbitrary<String> badHeader() {
        return Arbitraries.oneOf(
                Arbitraries.of(0x01, 0x08, 0x0B, 0x7F).map(b -> "X" + (char) (int) b + "Y: 1\r\n"),
                Arbitraries.integers().between(9_000, 40_000).map(n -> "X-Big: " + "a".repeat(n) + "\r\n"));
    }

    /** Names no endpoint reads: near misses of those some endpoint does, percent-encoded. */
    private static Arbitrary<String> unreadParameter() {
        return HostileEnvelopes.nearMisses(List.of(
                        "asOf",
                        "knownAt",
                        "minSequence",
                        "fromSequence",
                        "clientId",
                        "supplierId",
                        "clauseId",
                        "limit",
                        "size"))
                .map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    /** Another {@code Authorization} header, to follow the request's own (which caller is it?). */
    private static Arbitrary<String> secondAuthorization(String token) {
        Arbitrary<String> name = Arbitraries.of("Authorization", "authorization", "AUTHORIZATION");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("Bearer " + token, "Bearer " + TestTokens.withRoles("ANALYST"), "Bearer", ""),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .ofMinLength(1)
                        .ofMaxLength(20)
                        .map(t -> "Bearer " + t));
        return Combinators.combine(name, value).as((n, v) -> n + ": " + v + "\r\n");
    }

    /** A request of {@code method} for {@code target} as it is written (a null token sends none). */
    public static Bad request(String method, String target, String token) {
        return request(method, target, token, "");
    }

    private static Bad get(String target, String token, String headers) {
        return request("GET", target, token, headers);
    }

    /** As {@link #request(String, String, String)}, with {@code headers} ("Name: value\r\n" each). */
    public static Bad request(String method, String target, String token, String headers) {
        // "\0raw" marks a byte that goes out as it is, not percent-encoded.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, method + " ");
        String[] parts = target.split("\u0000raw", -1);
        write(bytes, parts[0]);
        for (int i = 1; i < parts.length; i++) {
            bytes.write(parts[i].charAt(0));
            write(bytes, parts[i].substring(1));
        }
        write(bytes, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (token != null) {
            write(bytes, "Authorization: Bearer " + token + "\r\n");
        }
        write(bytes, headers + "\r\n");
        String what = method + " " + target.replace("\u0000raw", "<raw>")
                + (headers.isEmpty()
                        ? ""
                        : " with "
                                + headers.substring(0, Math.min(40, headers.length()))
                                        .replaceAll("\\p{Cntrl}", "?"));
        return new Bad(bytes.toByteArray(), what);
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * What is wrong with an answer to a bad request, or null: it must be a client error (4xx), as
     * Problem Details ({@code application/problem+json}) whose {@code status} is the answer's and
     * whose {@code code} is one of {@link RejectionCode}'s.
     */
    public static String whatIsWrong(Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "status " + answer.status() + ", not a client error: " + answer.body();
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
            return "content type " + answer.contentType() + ": " + answer.body();
        }
        var problem = SlaJson.mapper().readTree(answer.body());
        String code = problem.path("code").asString("");
        if (Arrays.stream(RejectionCode.values()).noneMatch(c -> c.name().equals(code))) {
            return "no stable code: " + answer.body();
        }
        if (problem.path("status").asInt() != answer.status()) {
            return "status " + problem.path("status") + " in the body, " + answer.status() + " on the answer";
        }
        return null;
    }

    /**
     * Sends {@code count} of the generated requests to the service on {@code port}, and returns what
     * was wrong with each answer that was wrong ({@link #whatIsWrong}), naming the request, and what
     * the service logged as an error meanwhile ({@code log}, the service's output): nothing should be.
     */
    public static List<String> wrongAnswers(int port, Arbitrary<Bad> requests, int count, CapturedOutput log) {
        int before = log.getAll().length();
        List<String> wrong = new ArrayList<>();
        for (Bad bad : requests.list().ofSize(count).sample()) {
            String problem = whatIsWrong(send(port, bad.bytes()));
            if (problem != null) {
                wrong.add(bad + ": " + problem);
            }
        }
        String logged = log.getAll().substring(before);
        if (logged.contains("ERROR")) {
            wrong.add("logged as an error: " + logged);
        }
        return wrong;
    }

    /**
     * The status and code of the answer to {@code request} ("METHOD target"), as "404 NO_SUCH_PATH";
     * an answer that is not Problem Details shows its content type and body instead of a code.
     */
    public static String statusAndCode(int port, String request, String token) {
        return statusAndCode(port, request, token, "");
    }

    /** As {@link #statusAndCode(int, String, String)}, with {@code headers} ("Name: value\r\n" each). */
    public static String statusAndCode(int port, String request, String token, String headers) {
        String[] methodAndTarget = request.split(" ", 2);
        Answer answer = send(
                port,
                request(methodAndTarget[0], methodAndTarget[1], token, headers).bytes());
        if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")) {
            return answer.status() + " " + answer.contentType() + " " + answer.body();
        }
        return answer.status() + " "
                + SlaJson.mapper().readTree(answer.body()).path("code").asString("");
    }

    /** Sends {@code request} to the service on {@code port} and reads the answer to the end. */
    public static Answer send(int port, byte[] request) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException e) {
                // The service answered and closed before it read the whole request (a header too
                // large): its answer may still be there to read.
            }
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    answer.write(chunk, 0, n);
                }
            } catch (SocketException e) {
                // A reset after the answer: the service closed with part of the request unread.
                if (answer.size() == 0) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("no answer to a raw request", e);
        }
        return parse(answer.toByteArray());
    }

    /** An answer with a get request, to show that the service still answers after the bad ones. */
    public static Answer get(int port, String path, String token) {
        return send(port, get(path, token, "").bytes());
    }

    private static Answer parse(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IllegalStateException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        }
        String[] head = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(head[0].substring(9, 12));
        String contentType = null;
        boolean chunked = false;
        for (String header : head) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = header.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        String body = text.substring(end + 4);
        if (chunked) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (at < body.length()) {
                int lineEnd = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                joined.append(body, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            body = joined.toString();
        }
        return new Answer(
                status, contentType, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
