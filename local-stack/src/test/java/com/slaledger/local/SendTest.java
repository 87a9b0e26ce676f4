package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code ./run-local send} answers a newcomer's mistakes in one line and an exit code, never a
 * stack trace: a missing file, a file that holds no envelope (generated text among them), and no
 * broker. With a stack running it prints each result: {@code EndToEndTest}.
 */
class SendTest {

    @TempDir
    Path folder;

    @Test
    void aMissingFileSendsNothingAndSaysSo() {
        Outcome outcome = send(Map.of(), folder.resolve("nowhere.json").toString());
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("nowhere.json no such file; nothing was sent");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void aFileThatHoldsNoEnvelopeSendsNothingAndSaysWhy() throws IOException {
        List<String> contents = new ArrayList<>(List.of(
                "",
                "  ",
                "[1,2]",
                "\"SignContract\"",
                "42",
                "null",
                "{",
                "{\"type\":\"SignContract\"",
                "nul",
                "\u0000"));
        contents.addAll(Arbitraries.strings()
                .ofMaxLength(40)
                .filter(s -> !s.strip().startsWith("{"))
                .list()
                .ofSize(30)
                .sample());
        for (String content : contents) {
            Path file = Files.writeString(folder.resolve("envelope.json"), content, StandardCharsets.UTF_8);
            // A good envelope after it: every file is read before anything is sent.
            Path good = Files.writeString(
                    folder.resolve("good.json"),
                    "{\"type\":\"SignContract\",\"contractId\":\"X\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"a\"}}");

            Outcome outcome = send(Map.of(), good.toString(), file.toString());

            assertThat(outcome.exit()).as(content).isEqualTo(2);
            assertThat(outcome.err())
                    .as(content)
                    .contains("envelope.json ")
                    .containsAnyOf("is not JSON (line ", "not a command envelope")
                    .contains("nothing was sent")
                    .doesNotContain("Exception", "\tat ", "jackson", "`")
                    .doesNotContainPattern("[\\p{Cc}&&[^\\n]]");
            assertThat(outcome.out()).as(content).isEmpty();
        }
    }

    @Test
    void withoutABrokerItSaysSoAndExitsOne() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path good = Files.writeString(
                folder.resolve("good.json"),
                "{\"type\":\"SignContract\",\"contractId\":\"X\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"a\"}}");

        Outcome outcome = send(
                Map.of(
                        "SLA_KAFKA_BOOTSTRAP_SERVERS",
                        "127.0.0.1:" + closed,
                        "SLA_TOKEN_INTEGRATION",
                        TestTokens.withRoles("INTEGRATION")),
                good.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err())
                .contains("no Kafka broker answered at 127.0.0.1:" + closed, "is ./run-local running?");
        assertThat(outcome.out()).isEmpty();
    }

    /** A broker with the topics but no contract-service behind it: no result comes. */
    @Test
    void withoutAnAnswerItSaysSoAndExitsOne() throws IOException {
        EmbeddedKafkaKraftBroker broker =
                new EmbeddedKafkaKraftBroker(1, 1, "contract.commands", "contract.command-results");
        broker.afterPropertiesSet();
        try {
            Path good = Files.writeString(
                    folder.resolve("good.json"),
                    "{\"commandId\":\"send-unanswered\",\"type\":\"SignContract\",\"contractId\":\"X\","
                            + "\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"a\"}}");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int exit = LocalStack.send(
                    new LocalStack.Environment(Map.of(
                            "SLA_KAFKA_BOOTSTRAP_SERVERS",
                            broker.getBrokersAsString(),
                            "SLA_TOKEN_INTEGRATION",
                            TestTokens.withRoles("INTEGRATION"))),
                    List.of(good.toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Duration.ofSeconds(2));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains(
                            "no result for commandId send-unanswered within 2 s (no answer)",
                            "is contract-service running?");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        } finally {
            broker.destroy();
        }
    }

    @Test
    void withoutATokenOrASecretItSaysWhereToGetOne() throws IOException {
        Path good = Files.writeString(
                folder.resolve("good.json"),
                "{\"type\":\"SignContract\",\"contractId\":\"X\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"a\"}}");
        Outcome outcome =
                send(Map.of("SLA_LOCAL_DATA", folder.resolve("no-data").toString()), good.toString());
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("no token; start ./run-local first, or set SLA_TOKEN_INTEGRATION");
    }

    @Test
    void aPortThatIsNotOneIsNamedAndNothingIsSent() throws IOException {
        Path good = Files.writeString(
                folder.resolve("good.json"),
                "{\"type\":\"SignContract\",\"contractId\":\"X\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"a\"}}");

        Outcome outcome = send(
                Map.of("SLA_KAFKA_PORT", "9o92", "SLA_TOKEN_INTEGRATION", TestTokens.withRoles("INTEGRATION")),
                good.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err())
                .isEqualTo("[run-local] send: SLA_KAFKA_PORT must be a port number from 1 to 65535, not 9o92"
                        + System.lineSeparator());
    }

    /** What a run of {@code send} printed and answered. */
    record Outcome(int exit, String out, String err) {}

    static Outcome send(Map<String, String> environment, String... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LocalStack.send(
                new LocalStack.Environment(environment),
                List.of(files),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
