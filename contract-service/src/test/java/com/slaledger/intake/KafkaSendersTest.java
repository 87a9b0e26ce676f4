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
import com.slaledger.security.Tokens;
import com.slaledger.testsupport.TestTokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private static KafkaTestClient kafka;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        kafka.close();
    }

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
