package com.slaledger.intake;

import com.slaledger.api.json.SlaJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What can be done to the vouch headers of a record the service sealed ({@link SenderVouches}): other
 * vouch or seal bytes, a vouch that speaks for a party, a header left out or sent twice, a seal made
 * with another key, a vouch older than the maximum age. Each must leave the vouch untaken.
 */
final class HostileVouches {

    private HostileVouches() {}

    /** One change to a sealed record, named for the report. */
    record Change(String what, UnaryOperator<ConsumerRecord<String, byte[]>> apply) {

        @Override
        public String toString() {
            return what;
        }
    }

    static Arbitrary<Change> headerChanges(SenderVouches service, Clock clock, Duration maxAge) {
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        return Arbitraries.oneOf(
                anyBytes.map(other -> new Change(
                        "vouch " + Arrays.toString(other), r -> replace(r, SenderVouches.VOUCH_HEADER, other))),
                Arbitraries.strings()
                        .ofMaxLength(20)
                        .map(party -> new Change("the vouch speaking for " + party, r -> {
                            String vouch = new String(
                                            r.headers()
                                                    .lastHeader(SenderVouches.VOUCH_HEADER)
                                                    .value(),
                                            StandardCharsets.UTF_8)
                                    .replaceFirst("\\}$", ",\"parties\":[" + quoted(party) + "]}");
                            return replace(r, SenderVouches.VOUCH_HEADER, vouch.getBytes(StandardCharsets.UTF_8));
                        })),
                anyBytes.map(other -> new Change(
                        "seal " + Arrays.toString(other), r -> replace(r, SenderVouches.SEAL_HEADER, other))),
                Arbitraries.of(SenderVouches.VOUCH_HEADER, SenderVouches.SEAL_HEADER)
                        .map(name -> new Change("without " + name, r -> {
                            r.headers().remove(name);
                            return r;
                        })),
                Arbitraries.of(SenderVouches.VOUCH_HEADER, SenderVouches.SEAL_HEADER)
                        .map(name -> new Change("twice " + name, r -> {
                            r.headers().add(name, r.headers().lastHeader(name).value());
                            return r;
                        })),
                Arbitraries.just(new Change("sealed with another service's key", r -> {
                    new SenderVouches(
                                    () -> "another service's key, 32 bytes".getBytes(StandardCharsets.UTF_8),
                                    maxAge,
                                    clock)
                            .seal(r.headers(), r.key(), r.value(), new SenderVouches.Vouch(clock.instant(), null));
                    return r;
                })),
                Arbitraries.longs()
                        .between(1, Duration.ofDays(365).toMillis())
                        .map(past -> new Change("checked " + past + " ms longer ago than the maximum age", r -> {
                            service.seal(
                                    r.headers(),
                                    r.key(),
                                    r.value(),
                                    new SenderVouches.Vouch(
                                            clock.instant().minus(maxAge).minusMillis(past), null));
                            return r;
                        })));
    }

    /** A record's key, value and headers, in order, as text to compare. */
    static List<String> shown(ConsumerRecord<String, byte[]> record) {
        List<String> shown = new ArrayList<>();
        shown.add(String.valueOf(record.key()));
        shown.add(record.value() == null ? "null" : Arrays.toString(record.value()));
        record.headers().forEach(header -> shown.add(header.key() + "=" + Arrays.toString(header.value())));
        return shown;
    }

    private static ConsumerRecord<String, byte[]> replace(
            ConsumerRecord<String, byte[]> record, String name, byte[] value) {
        record.headers().remove(name);
        record.headers().add(name, value);
        return record;
    }

    private static String quoted(String text) {
        return new String(SlaJson.mapper().writeValueAsBytes(text), StandardCharsets.UTF_8);
    }
}
