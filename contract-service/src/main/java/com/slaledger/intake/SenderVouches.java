package com.slaledger.intake;

import com.slaledger.api.json.SlaJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The service's word for the sender of a record it dead-letters (ADR 0022). A dead letter waits for
 * a fix, often longer than its sender's token lives; re-driven with that token alone, it would be
 * refused UNAUTHENTICATED. So when the service dead-letters a record whose sender's token it has just
 * checked, it adds what it found, {@value #VOUCH_HEADER} (when it checked, and the parties the token
 * allowed, none for all), and {@value #SEAL_HEADER}: HMAC-SHA256, with a key only the service holds
 * ({@link ServiceKeys}), over the record's key, its bytes and that vouch. A record whose seal verifies
 * and whose check is no older than {@code sla.intake.vouch-max-age} is taken from the sender the
 * service checked; a vouch that does not verify is ignored, and the record's token decides as for any
 * record. Whoever may write to the commands topic can copy a vouch, but not write one or move it to
 * other bytes, and a copy of a dead letter's own bytes carries its commandId: it has one effect at most.
 */
@Component
public class SenderVouches {

    public static final String VOUCH_HEADER = "sla-sender-vouch";
    public static final String SEAL_HEADER = "sla-sender-seal";
    static final String KEY_NAME = "sender-vouch";
    private static final byte[] DOMAIN = "sla-sender-vouch/1".getBytes(StandardCharsets.UTF_8);

    /** What the service found when it checked a record's sender: when, and the parties allowed (null: all). */
    public record Vouch(Instant checkedAt, List<String> parties) {

        Optional<Set<String>> partiesAllowed() {
            return parties == null ? Optional.empty() : Optional.of(Set.copyOf(parties));
        }
    }

    /** What a record's vouch headers say. */
    public sealed interface Found {

        record Absent() implements Found {}

        record Valid(Vouch vouch) implements Found {}

        record Invalid(String why) implements Found {}
    }

    private final Supplier<byte[]> key;
    private final Duration maxAge;
    private final Clock clock;

    @Autowired
    public SenderVouches(ServiceKeys keys, IntakeProperties properties, Clock clock) {
        this(() -> keys.secret(KEY_NAME), properties.vouchMaxAge(), clock);
    }

    SenderVouches(Supplier<byte[]> key, Duration maxAge, Clock clock) {
        this.key = key;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Puts the vouch and its seal for a record of this key and value into {@code headers}, replacing any. */
    public void seal(Headers headers, Object recordKey, Object recordValue, Vouch vouch) {
        byte[] text = SlaJson.mapper().writeValueAsBytes(vouch);
        byte[] seal = sealOf(recordKey, recordValue, text);
        headers.remove(VOUCH_HEADER);
        headers.remove(SEAL_HEADER);
        headers.add(VOUCH_HEADER, text);
        headers.add(SEAL_HEADER, Base64.getUrlEncoder().withoutPadding().encode(seal));
    }

    /** The record's vouch: absent, valid (sealed by this service for these bytes, recent enough), or why not. */
    public Found find(ConsumerRecord<?, ?> record) {
        List<byte[]> vouches = values(record.headers(), VOUCH_HEADER);
        List<byte[]> seals = values(record.headers(), SEAL_HEADER);
        if (vouches.isEmpty() && seals.isEmpty()) {
            return new Found.Absent();
        }
        if (vouches.size() != 1 || seals.size() != 1 || vouches.get(0) == null || seals.get(0) == null) {
            return new Found.Invalid("a vouch is one '" + VOUCH_HEADER + "' header and one '" + SEAL_HEADER
                    + "' header, each with a value");
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(new String(seals.get(0), StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return new Found.Invalid("the seal is not base64url");
        }
        if (!MessageDigest.isEqual(sealOf(record.key(), record.value(), vouches.get(0)), given)) {
            return new Found.Invalid("the seal was not made by this service for this record's key, bytes and vouch");
        }
        Vouch vouch;
        try {
            vouch = SlaJson.mapper().readValue(vouches.get(0), Vouch.class);
        } catch (RuntimeException e) {
            return new Found.Invalid("the vouch cannot be read");
        }
        if (vouch.checkedAt() == null) {
            return new Found.Invalid("the vouch does not say when the sender was checked");
        }
        if (Duration.between(vouch.checkedAt(), clock.instant()).compareTo(maxAge) > 0) {
            return new Found.Invalid("the service checked the sender at " + vouch.checkedAt()
                    + ", longer ago than sla.intake.vouch-max-age (" + maxAge + ")");
        }
        return new Found.Valid(vouch);
    }

    private byte[] sealOf(Object recordKey, Object recordValue, byte[] vouch) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            mac.update(DOMAIN);
            framed(mac, KeptKeys.bytesOf(recordKey));
            framed(mac, recordValue instanceof byte[] bytes ? bytes : null);
            framed(mac, vouch);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Its length first (-1 for none), so no two different triples of fields read as the same bytes. */
    private static void framed(Mac mac, byte[] field) {
        mac.update(ByteBuffer.allocate(Integer.BYTES)
                .putInt(field == null ? -1 : field.length)
                .array());
        if (field != null) {
            mac.update(field);
        }
    }

    private static List<byte[]> values(Headers headers, String name) {
        List<byte[]> values = new ArrayList<>();
        for (Header header : headers.headers(name)) {
            values.add(header.value());
        }
        return values;
    }
}
