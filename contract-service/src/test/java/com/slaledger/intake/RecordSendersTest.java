package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.RejectionCode;
import com.slaledger.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** The sender check's cache: one decode per token, expiry still checked on every record. */
class RecordSendersTest {

    private static final Instant NOW = Instant.parse("2027-01-01T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger decodes = new AtomicInteger();

    /** Decodes "good-N" as a token of INTEGRATION expiring in N seconds; anything else is invalid. */
    private final JwtDecoder decoder = token -> {
        decodes.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new JwtException("bad signature");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .claims(claims -> claims.putAll(Map.of("roles", List.of("INTEGRATION"), "sub", "it")))
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(Long.parseLong(token.substring(5))))
                .build();
    };

    private final RecordSenders senders =
            new RecordSenders(decoder, TestIntakeProperties.withMaxRecordBytes(1024), clock);

    private static ConsumerRecord<String, byte[]> signedWith(String token) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("c", 0, 0, "k", new byte[0]);
        record.headers().add(RecordSenders.HEADER, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void aTokenIsDecodedOnceForManyRecords() {
        for (int i = 0; i < 100; i++) {
            assertThat(senders.of(signedWith("good-300"))).isInstanceOf(RecordSenders.Sender.Known.class);
        }
        assertThat(decodes.get()).isEqualTo(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        assertThat(senders.of(signedWith("good-30"))).isInstanceOf(RecordSenders.Sender.Known.class);
        clock.advance(Duration.ofSeconds(31));

        RecordSenders.Sender later = senders.of(signedWith("good-30"));

        assertThat(later).isInstanceOf(RecordSenders.Sender.Refused.class);
        assertThat(((RecordSenders.Sender.Refused) later).code()).isEqualTo(RejectionCode.UNAUTHENTICATED);
    }

    @Test
    void anInvalidTokenIsNeverCachedAndAlwaysRefused() {
        for (int i = 0; i < 3; i++) {
            assertThat(senders.of(signedWith("forged"))).isInstanceOf(RecordSenders.Sender.Refused.class);
        }
        assertThat(decodes.get()).as("checked every time").isEqualTo(3);
    }
}
