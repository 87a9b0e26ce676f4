package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The service's vouch for a dead letter's sender holds for exactly the record it was sealed for: any
 * other key, bytes, vouch or seal, another service's key, or an age past the maximum, and it is not
 * taken. The intake's side, through the broker, is in {@code DeadLetterRedriveTest}.
 */
class SenderVouchesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00.123456789Z");
    private static final Duration MAX_AGE = Duration.ofDays(7);

    private final MutableClock clock = new MutableClock(NOW);
    private final SenderVouches vouches =
            new SenderVouches(() -> bytes("the service's own key, 32 bytes long"), MAX_AGE, clock);

    /** A record as the intake reads it: a key (or none), bytes (or none), and headers. */
    record Sealed(String key, byte[] value, SenderVouches.Vouch vouch) {

        ConsumerRecord<String, byte[]> record(SenderVouches by) {
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("contract.commands", 0, 0, key, value);
            record.headers().add(RecordSenders.HEADER, bytes("Bearer any"));
            by.seal(record.headers(), key, value, vouch);
            return record;
        }
    }

    @Provide
    Arbitrary<Sealed> sealed() {
        Arbitrary<String> keys = Arbitraries.strings().ofMaxLength(40).injectNull(0.1);
        Arbitrary<byte[]> values =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.1);
        Arbitrary<List<String>> parties =
                Arbitraries.strings().ofMaxLength(20).list().ofMaxSize(3).injectNull(0.3);
        Arbitrary<Instant> checked =
                Arbitraries.longs().between(0, MAX_AGE.toMillis()).map(ago -> NOW.minusMillis(ago));
        return Combinators.combine(keys, values, checked, parties)
                .as((key, value, at, allowed) -> new Sealed(key, value, new SenderVouches.Vouch(at, allowed)));
    }

    @Property(tries = 300)
    void aVouchVerifiesForTheRecordItWasSealedFor(@ForAll("sealed") Sealed sealed) {
        assertThat(vouches.find(sealed.record(vouches))).isEqualTo(new SenderVouches.Found.Valid(sealed.vouch()));
    }

    @Provide
    Arbitrary<HostileVouches.Change> changes() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .ofMaxLength(40)
                        .map(key -> new HostileVouches.Change("key " + key, r -> with(r, key, r.value()))),
                Arbitraries.integers()
                        .between(0, 299)
                        .map(at -> new HostileVouches.Change("a byte of the value at " + at, r -> {
                            byte[] value = r.value() == null || r.value().length == 0
                                    ? new byte[1]
                                    : r.value().clone();
                            value[at % value.length] ^= 1;
                            return with(r, r.key(), value);
                        })),
                Arbitraries.just(new HostileVouches.Change(
                        "no value", r -> with(r, r.key(), r.value() == null ? new byte[0] : null))),
                HostileVouches.headerChanges(vouches, clock, MAX_AGE));
    }

    @Property(tries = 500)
    void anyChangeToASealedRecordMakesItsVouchInvalid(
            @ForAll("sealed") Sealed sealed, @ForAll("changes") HostileVouches.Change change) {
        ConsumerRecord<String, byte[]> record = sealed.record(vouches);
        List<String> before = HostileVouches.shown(record);
        ConsumerRecord<String, byte[]> changed = change.apply().apply(record);
        Assume.that(!HostileVouches.shown(changed).equals(before));
        assertThat(vouches.find(changed)).as(change.what()).isInstanceOf(SenderVouches.Found.Invalid.class);
    }

    @Example
    void aVouchIsTakenUpToItsMaximumAgeAndNotAfter() {
        Sealed sealed = new Sealed("C-1", bytes("{}"), new SenderVouches.Vouch(NOW, List.of("acme")));
        ConsumerRecord<String, byte[]> record = sealed.record(vouches);
        clock.advance(MAX_AGE);
        assertThat(vouches.find(record)).isInstanceOf(SenderVouches.Found.Valid.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(vouches.find(record)).isInstanceOf(SenderVouches.Found.Invalid.class);
    }

    @Example
    void aRecordWithoutVouchHeadersHasNone() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("c", 0, 0, "k", bytes("{}"));
        assertThat(vouches.find(record)).isEqualTo(new SenderVouches.Found.Absent());
    }

    private static ConsumerRecord<String, byte[]> with(
            ConsumerRecord<String, byte[]> record, String key, byte[] value) {
        ConsumerRecord<String, byte[]> changed = new ConsumerRecord<>(record.topic(), 0, 0, key, value);
        record.headers().forEach(changed.headers()::add);
        return changed;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
