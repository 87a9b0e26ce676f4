package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.slaledger.ContractServiceTest;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.json.SlaJson;
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.HostileTokens;
import com.slaledger.testsupport.RawHttp;
import com.slaledger.testsupport.TestTokens;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Command records carry their sender's bearer token (issue 14): without a valid one nothing is
 * processed, and a token limited to one party cannot speak for the other, so a supplier cannot
 * agree to its own proposal by writing CLIENT into the envelope.
 */
@ContractServiceTest
class KafkaSendersTest {

    private static final String CLIENT = TestTokens.forParties(List.of("acme"), "INTEGRATION");
    private static final String SUPPLIER = TestTokens.forParties(List.of("hostco"), "INTEGRATION");

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    private CommandResult send(String key, ObjectNode envelope, String token) {
        kafka.send(key, bytes(envelope), token);
        return kafka.awaitResult(envelope.get("commandId").asString());
    }

    private long events(String contractId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(contractId)
                .query(Long.class)
                .single();
    }

    @Test
    void aRecordWithoutAValidTokenIsRefusedAndNeverProcessed() {
        String key = "SENDER-NONE-1";
        assertThat(send(key, envelope(Party.CLIENT, draft(key)), null).code()).isEqualTo(RejectionCode.UNAUTHENTICATED);
        String expired = Tokens.mint(TestTokens.SECRET, "late", List.of("INTEGRATION"), null, Duration.ofSeconds(-60));
        assertThat(send(key, envelope(Party.CLIENT, draft(key)), expired).code())
                .isEqualTo(RejectionCode.UNAUTHENTICATED);
        String forged = Tokens.mint(
                "another-secret-another-secret-another-secret",
                "forged",
                List.of("INTEGRATION"),
                null,
                Duration.ofMinutes(5));
        assertThat(send(key, envelope(Party.CLIENT, draft(key)), forged).code())
                .isEqualTo(RejectionCode.UNAUTHENTICATED);
        assertThat(send(key, envelope(Party.CLIENT, draft(key)), withoutExpiry())
                        .code())
                .as("a token must say when it expires")
                .isEqualTo(RejectionCode.UNAUTHENTICATED);
        assertThat(send(key, envelope(Party.CLIENT, draft(key)), TestTokens.withRoles("ANALYST"))
                        .code())
                .as("reading the ledger is not sending commands")
                .isEqualTo(RejectionCode.NOT_ALLOWED);
        assertThat(events(key)).isZero();

        kafka.send(key, "not json at all".getBytes(StandardCharsets.UTF_8), null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.deadLetters().stream()
                        .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).equals("not json at all")
                                && new String(
                                                r.headers()
                                                        .lastHeader(DeadLetters.REASON_HEADER)
                                                        .value(),
                                                StandardCharsets.UTF_8)
                                        .equals("UNAUTHENTICATED")));

        assertThat(send(key, envelope(Party.CLIENT, draft(key)), CLIENT).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
    }

    @Test
    void aSupplierCannotAgreeToItsOwnProposalByWritingClientIntoTheEnvelope() {
        String key = "SENDER-PARTY-1";
        ContractId id = ContractId.of(key);
        ClauseId responseTime = ClauseId.of("response-time");
        send(key, envelope(Party.CLIENT, draft(key)), CLIENT);
        send(
                key,
                envelope(
                        Party.CLIENT,
                        new DraftClause(id, ClauseId.of("availability"), "Availability", "99.8 %", null, null, null)),
                CLIENT);
        send(
                key,
                envelope(
                        Party.SUPPLIER,
                        new LeaveClauseOpen(
                                id,
                                responseTime,
                                "Response time",
                                "Learn first.",
                                LocalDate.parse("2027-03-01"),
                                null)),
                SUPPLIER);
        assertThat(send(key, envelope(Party.CLIENT, new SignContract(id)), SUPPLIER)
                        .code())
                .as("the supplier signing for the client")
                .isEqualTo(RejectionCode.NOT_ALLOWED);
        send(key, envelope(Party.CLIENT, new SignContract(id)), CLIENT);
        send(key, envelope(Party.SUPPLIER, new SignContract(id)), SUPPLIER);
        assertThat(send(
                                key,
                                envelope(
                                        Party.SUPPLIER,
                                        new FillInClause(id, responseTime, "30 minutes.", null, new BigDecimal("2"))),
                                SUPPLIER)
                        .status())
                .isEqualTo(CommandResult.Status.ACCEPTED);

        CommandResult outsider = send(
                key,
                envelope(Party.CLIENT, new AgreeToChange(id, responseTime, null)),
                TestTokens.forParties(List.of("nobody"), "INTEGRATION"));
        assertThat(outsider.code())
                .as("outside the contract, it does not exist")
                .isEqualTo(RejectionCode.NOT_FOUND);
        assertThat(outsider.sequence()).isNull();
        assertThat(outsider.contractVersion()).isNull();

        CommandResult forged = send(key, envelope(Party.CLIENT, new AgreeToChange(id, responseTime, null)), SUPPLIER);
        assertThat(forged.code()).isEqualTo(RejectionCode.NOT_ALLOWED);
        CommandResult agreed = send(key, envelope(Party.CLIENT, new AgreeToChange(id, responseTime, null)), CLIENT);
        assertThat(agreed.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(agreed.contractVersion()).isEqualTo("2.0");
    }

    /**
     * A token must get the same answer whichever way its command comes (the README: "the same JWT as
     * over HTTP"). Generated claims used to be read two ways: a {@code roles} string split at spaces
     * over HTTP and at commas over Kafka, an array of numbers a 500 over HTTP and a role "5" over
     * Kafka. Each generated token drafts one contract over HTTP and another over Kafka; behind the
     * Kafka record, on its key, a properly signed draft of the same contract follows.
     */
    @Test
    void generatedTokensGetTheSameAnswerOverKafkaAndHttpAndTheSignedCommandBehindThemGoesThrough() {
        // At least 80 tokens, and more until the answers over HTTP include all three (at most 400):
        // about one generated token in thirty is accepted, so 80 alone missed ACCEPTED in about one
        // run in sixteen (a CI run failed so), and a generator that can no longer reach an answer
        // still fails the check below.
        Iterator<HostileTokens.Token> generator =
                HostileTokens.tokens(TestTokens.SECRET).sampleStream().iterator();
        List<String> everyAnswer = List.of("ACCEPTED", "UNAUTHENTICATED", "NOT_ALLOWED");
        List<HostileTokens.Token> tokens = new ArrayList<>();
        List<String> overHttp = new ArrayList<>();
        while (tokens.size() < 80 || (!overHttp.containsAll(everyAnswer) && tokens.size() < 400)) {
            HostileTokens.Token token = generator.next();
            overHttp.add(answerOverHttp(envelope(Party.CLIENT, draft("SENDER-GEN-H" + tokens.size())), token.value()));
            tokens.add(token);
        }
        List<ObjectNode[]> overKafka = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String key = "SENDER-GEN-K" + i;
            ObjectNode generated = envelope(Party.CLIENT, draft(key));
            ObjectNode behind = envelope(Party.CLIENT, draft(key));
            kafka.sendAsyncWithHeaders(
                    key, bytes(generated), List.of(bearer(tokens.get(i).value())));
            kafka.sendAsync(key, bytes(behind));
            overKafka.add(new ObjectNode[] {generated, behind});
        }
        kafka.flush();

        for (int i = 0; i < tokens.size(); i++) {
            String generatedId = overKafka.get(i)[0].get("commandId").asString();
            String behindId = overKafka.get(i)[1].get("commandId").asString();
            CommandResult generated = kafka.awaitResult(generatedId);
            CommandResult behind = kafka.awaitResult(behindId);
            String answer = outcome(generated);
            assertThat(answer).as(tokens.get(i).toString()).isEqualTo(overHttp.get(i));
            assertThat(answer).as(tokens.get(i).toString()).isIn("ACCEPTED", "UNAUTHENTICATED", "NOT_ALLOWED");
            assertThat(kafka.resultsFor(generatedId)).hasSize(1);
            assertThat(kafka.resultsFor(behindId)).hasSize(1);
            assertThat(behind.status())
                    .as("the signed draft behind " + tokens.get(i) + ": " + behind.message())
                    .isEqualTo(
                            answer.equals("ACCEPTED") ? CommandResult.Status.REJECTED : CommandResult.Status.ACCEPTED);
        }
        assertThat(overHttp).as("the generator reaches every answer").containsAll(everyAnswer);
    }

    /**
     * What the {@code authorization} headers of a record can be besides one good token: none, any
     * bytes, another scheme, a bearer of anything, a good token without its scheme, or several
     * headers (one of them good). Each record is refused as UNAUTHENTICATED, and the signed draft
     * behind it on its key is accepted.
     */
    @Test
    void generatedAuthorizationHeadersAreRefusedAndTheSignedCommandBehindThemGoesThrough() {
        byte[] good = bearer(KafkaTestClient.TOKEN);
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> oneBad = Arbitraries.oneOf(
                anyBytes,
                Arbitraries.strings().ofMaxLength(200).map(text -> bearer(text)),
                Arbitraries.of("Basic ", "Token ", "", "Bearer", "JWT ")
                        .map(scheme -> (scheme + KafkaTestClient.TOKEN).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<List<byte[]>> headers = Arbitraries.oneOf(
                Arbitraries.just(List.<byte[]>of()),
                oneBad.map(List::of),
                Combinators.combine(
                                oneBad.list().ofMinSize(1).ofMaxSize(3),
                                Arbitraries.integers().between(0, 3))
                        .as((bad, at) -> {
                            List<byte[]> several = new ArrayList<>(bad);
                            several.add(Math.min(at, several.size()), good);
                            return several;
                        }));
        List<List<byte[]>> samples = headers.sampleStream().limit(60).toList();
        List<String[]> ids = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            String key = "SENDER-HDR-" + i;
            ObjectNode refused = envelope(Party.CLIENT, draft(key));
            ObjectNode behind = envelope(Party.CLIENT, draft(key));
            kafka.sendAsyncWithHeaders(key, bytes(refused), samples.get(i));
            kafka.sendAsync(key, bytes(behind));
            ids.add(new String[] {
                refused.get("commandId").asString(), behind.get("commandId").asString()
            });
        }
        kafka.flush();

        for (int i = 0; i < samples.size(); i++) {
            String shown = samples.get(i).stream()
                    .map(header -> new String(header, StandardCharsets.UTF_8))
                    .toList()
                    .toString();
            assertThat(kafka.awaitResult(ids.get(i)[0]).code()).as(shown).isEqualTo(RejectionCode.UNAUTHENTICATED);
            assertThat(kafka.awaitResult(ids.get(i)[1]).status()).as(shown).isEqualTo(CommandResult.Status.ACCEPTED);
            assertThat(kafka.resultsFor(ids.get(i)[0])).hasSize(1);
            assertThat(events("SENDER-HDR-" + i)).isEqualTo(1);
        }
    }

    private static byte[] bearer(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    private static String outcome(CommandResult result) {
        return result.status() == CommandResult.Status.ACCEPTED
                ? "ACCEPTED"
                : result.code().name();
    }

    /** ACCEPTED, or the code of the Problem Details the service answered with. */
    private String answerOverHttp(ObjectNode envelope, String token) {
        HttpResponse<String> answer =
                RawHttp.send("http://localhost:" + port + "/api/commands", "POST", token, bytes(envelope), false);
        JsonNode body = SlaJson.mapper().readTree(answer.body());
        return answer.statusCode() == 200
                ? body.get("status").asString()
                : body.path("code").asString();
    }

    private static String withoutExpiry() {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder()
                            .subject("forever")
                            .claim("roles", List.of("INTEGRATION"))
                            .build());
            jwt.sign(new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
