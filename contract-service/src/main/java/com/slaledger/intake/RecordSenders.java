package com.slaledger.intake;

import com.slaledger.api.RejectionCode;
import com.slaledger.security.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Who sent a command record. All integration systems may share one Kafka login, so the record
 * carries its sender's bearer token in the header {@code authorization} ({@code Bearer <jwt>}),
 * validated exactly as over HTTP (signature, expiry required, audience and issuer where configured)
 * by the same decoder. The token needs the role {@code INTEGRATION}; its {@code parties} claim, when
 * present, limits the parties the record may speak for, as over HTTP. With
 * {@code sla.intake.require-token=false} a record without the header is trusted as a whole-ledger
 * integration; a header that is there is still checked. A record with more than one such header is
 * refused: which of them speaks for it would be a guess.
 *
 * <p>Only a token the decoder finds bad ({@link BadJwtException}: malformed, wrongly signed, expired,
 * against the token rules) is the sender's fault. Any other failure of the decoder (its identity
 * provider's key set out of reach, say) is the service's, as over HTTP, where Spring Security does
 * not answer it 401: it is thrown, and the intake settles it as any failure (ADR 0011), retried
 * when transient.
 *
 * <p>A dead letter re-driven after its token expired carries the service's own word for its sender
 * instead ({@link SenderVouches}, ADR 0022): a vouch that verifies decides, and the token is not
 * decoded again. A vouch that does not verify is ignored, and the token decides.
 */
@Component
public class RecordSenders {

    public static final String HEADER = "authorization";
    static final String ROLE = "INTEGRATION";

    private final JwtDecoder tokens;
    private final IntakeProperties properties;
    private final SenderVouches vouches;
    private final Clock clock;

    /**
     * {@code tokens} is the service's decoder, the one HTTP requests use: behind its cache of decoded
     * tokens ({@code CachedJwtDecoder}), which runs the time rules and the token rules again on
     * every hit, so a sender that signs many records with one token costs one signature check, and
     * a token is judged the same on both paths to the second.
     */
    public RecordSenders(JwtDecoder tokens, IntakeProperties properties, SenderVouches vouches, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.vouches = vouches;
        this.clock = clock;
    }

    /** The sender of a record: the parties it may speak for (none: all), or why it is refused. */
    public sealed interface Sender {

        /**
         * @param checkedAt when the sender's token was found valid: now, or for a vouched record
         *     when the service checked it; none for a record trusted without a token
         */
        record Known(Optional<Set<String>> parties, Optional<Instant> checkedAt) implements Sender {}

        record Refused(RejectionCode code, String message) implements Sender {}
    }

    public Sender of(ConsumerRecord<?, ?> record) {
        SenderVouches.Found vouch = vouches.find(record);
        if (vouch instanceof SenderVouches.Found.Valid valid) {
            return new Sender.Known(
                    valid.vouch().partiesAllowed(), Optional.of(valid.vouch().checkedAt()));
        }
        Sender byToken = byToken(record);
        if (byToken instanceof Sender.Refused refused && vouch instanceof SenderVouches.Found.Invalid invalid) {
            return new Sender.Refused(
                    refused.code(),
                    refused.message() + "; the record's '" + SenderVouches.VOUCH_HEADER + "' was not taken: "
                            + invalid.why());
        }
        return byToken;
    }

    private Sender byToken(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(HEADER);
        if (header != null && headersNamed(record, HEADER) > 1) {
            return new Sender.Refused(
                    RejectionCode.UNAUTHENTICATED,
                    "the record has more than one '" + HEADER + "' header: which sender it speaks for is ambiguous");
        }
        if (header == null || header.value() == null) {
            return properties.requireToken()
                    ? new Sender.Refused(
                            RejectionCode.UNAUTHENTICATED,
                            "the record has no '" + HEADER + "' header with the sender's bearer token")
                    : new Sender.Known(Optional.empty(), Optional.empty());
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Sender.Refused(
                    RejectionCode.UNAUTHENTICATED, "the '" + HEADER + "' header must be 'Bearer <jwt>'");
        }
        String token = value.substring(7).trim();
        Jwt jwt;
        try {
            jwt = tokens.decode(token);
        } catch (BadJwtException e) {
            return new Sender.Refused(
                    RejectionCode.UNAUTHENTICATED, "the bearer token is not valid: " + e.getMessage());
        }
        List<String> roles = Caller.arrayOfStrings(jwt, Caller.ROLES);
        if (roles == null || !roles.contains(ROLE)) {
            return new Sender.Refused(RejectionCode.NOT_ALLOWED, "the token's roles do not allow sending commands");
        }
        List<String> parties = Caller.arrayOfStrings(jwt, Caller.PARTIES);
        return new Sender.Known(
                parties == null ? Optional.empty() : Optional.of(Set.copyOf(parties)), Optional.of(clock.instant()));
    }

    private static long headersNamed(ConsumerRecord<?, ?> record, String name) {
        return StreamSupport.stream(record.headers().headers(name).spliterator(), false)
                .count();
    }
}
