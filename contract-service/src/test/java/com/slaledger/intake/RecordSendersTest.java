package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.RejectionCode;
import com.slaledger.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * What the sender check decides on its own: the header's form, the role and the parties. Whether a
 * token is valid is the decoder's answer (the service's, cached: {@code CachedJwtDecoderTest}).
 */
class RecordSendersTest {

    private static final Instant NOW = Instant.now();

    private final AtomicInteger decodes = new AtomicInteger();

    /** "integration" and "acme" decode as tokens with those claims; anything else is invalid. */
    private final JwtDecoder decoder = token -> {
        decodes.incrementAndGet();
        Map<String, Object> claims = switch (token) {
            case "integration" -> Map.of("roles", List.of("INTEGRATION"));
            case "acme" -> Map.of("roles", List.of("INTEGRATION"), "parties", List.of("acme"));
            case "analyst" -> Map.of("roles", List.of("ANALYST"));
            case "unreachable" ->
                throw new JwtException("Couldn't retrieve remote JWK set", new java.net.ConnectException("refused"));
            default -> throw new BadJwtException("bad signature");
        };
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .claims(c -> c.putAll(claims))
                .subject("it")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(300))
                .build();
    };

    private final MutableClock clock = new MutableClock(NOW);
    private final SenderVouches vouches =
            new SenderVouches(() -> "a key of the service, 32 bytes at least".getBytes(), Duration.ofDays(7), clock);
    private final RecordSenders senders =
            new RecordSenders(decoder, TestIntakeProperties.withMaxRecordBytes(1024), vouches, clock);

    private static ConsumerRecord<String, byte[]> withHeaders(String... values) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("c", 0, 0, "k", new byte[0]);
        for (String value : values) {
            record.headers().add(RecordSenders.HEADER, value.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private RejectionCode refusal(ConsumerRecord<String, byte[]> record) {
        return ((RecordSenders.Sender.Refused) senders.of(record)).code();
    }

    @Test
    void aValidTokenWithTheRoleIsASenderForItsParties() {
        assertThat(senders.of(withHeaders("Bearer integration")))
                .isEqualTo(new RecordSenders.Sender.Known(Optional.empty(), Optional.of(NOW)));
        assertThat(senders.of(withHeaders("bearer  acme ")))
                .isEqualTo(new RecordSenders.Sender.Known(Optional.of(Set.of("acme")), Optional.of(NOW)));
    }

    @Test
    void withoutTheRoleTheSenderIsNotAllowed() {
        assertThat(refusal(withHeaders("Bearer analyst"))).isEqualTo(RejectionCode.NOT_ALLOWED);
    }

    @Test
    void noHeaderAnotherSchemeAnInvalidTokenOrTwoHeadersAreUnauthenticated() {
        assertThat(refusal(withHeaders())).isEqualTo(RejectionCode.UNAUTHENTICATED);
        assertThat(refusal(withHeaders("Basic integration"))).isEqualTo(RejectionCode.UNAUTHENTICATED);
        assertThat(refusal(withHeaders("Bearer forged"))).isEqualTo(RejectionCode.UNAUTHENTICATED);
        assertThat(refusal(withHeaders("Bearer integration", "Bearer integration")))
                .as("even two good ones: which speaks is a guess")
                .isEqualTo(RejectionCode.UNAUTHENTICATED);
    }

    @Test
    void aDecoderThatCannotJudgeTheTokenIsTheServicesFailureNotTheSenders() {
        assertThatThrownBy(() -> senders.of(withHeaders("Bearer unreachable")))
                .isInstanceOf(JwtException.class)
                .isNotInstanceOf(BadJwtException.class);
    }

    @Test
    void everyRecordAsksTheDecoderWhichKeepsItsOwnCache() {
        for (int i = 0; i < 3; i++) {
            senders.of(withHeaders("Bearer integration"));
        }
        assertThat(decodes.get())
                .as("no second cache in front of the decoder's, whose rules run on every hit")
                .isEqualTo(3);
    }

    @Test
    void aVouchedRecordIsTakenFromTheServicesCheckWithoutDecodingItsTokenAgain() {
        ConsumerRecord<String, byte[]> record = withHeaders("Bearer expired-meanwhile");
        Instant checked = NOW.minus(Duration.ofHours(3));
        vouches.seal(record.headers(), record.key(), record.value(), new SenderVouches.Vouch(checked, List.of("acme")));

        assertThat(senders.of(record))
                .isEqualTo(new RecordSenders.Sender.Known(Optional.of(Set.of("acme")), Optional.of(checked)));
        assertThat(decodes.get()).isZero();
    }

    @Test
    void aVouchThatDoesNotVerifyLeavesTheTokenToDecideAndSaysWhy() {
        ConsumerRecord<String, byte[]> record = withHeaders("Bearer integration");
        vouches.seal(record.headers(), "another key", record.value(), new SenderVouches.Vouch(NOW, null));
        assertThat(senders.of(record))
                .as("a good token still speaks for the record")
                .isEqualTo(new RecordSenders.Sender.Known(Optional.empty(), Optional.of(NOW)));

        ConsumerRecord<String, byte[]> expired = withHeaders("Bearer expired-meanwhile");
        vouches.seal(expired.headers(), expired.key(), "other bytes".getBytes(), new SenderVouches.Vouch(NOW, null));
        RecordSenders.Sender.Refused refused = (RecordSenders.Sender.Refused) senders.of(expired);
        assertThat(refused.code()).isEqualTo(RejectionCode.UNAUTHENTICATED);
        assertThat(refused.message()).contains("sla-sender-vouch' was not taken", "not made by this service");
    }

    @Test
    void aVouchOlderThanTheMaximumAgeIsNotTaken() {
        ConsumerRecord<String, byte[]> record = withHeaders("Bearer expired-meanwhile");
        vouches.seal(record.headers(), record.key(), record.value(), new SenderVouches.Vouch(NOW, null));
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        RecordSenders.Sender.Refused refused = (RecordSenders.Sender.Refused) senders.of(record);
        assertThat(refused.message()).contains("longer ago than sla.intake.vouch-max-age");
    }
}
