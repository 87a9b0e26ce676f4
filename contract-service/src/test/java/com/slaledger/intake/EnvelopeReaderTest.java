package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.RecordSatisfaction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EnvelopeReaderTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final EnvelopeReader reader =
            new EnvelopeReader(TestIntakeProperties.withMaxRecordBytes(1024), Clock.fixed(NOW, ZoneOffset.UTC));

    private Reading read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnEnvelopeIntoItsCommandAndIssuance() {
        Reading reading = read("""
                {"commandId":"c-1","type":"RecordSatisfaction","contractId":"SLA-1",
                 "issuedBy":{"party":"CLIENT","actor":"it@acme"},"expectedVersion":7,
                 "payload":{"period":"2026-11","score":8,"wouldRecommend":true}}""");
        assertThat(reading).isInstanceOfSatisfying(Reading.Parsed.class, parsed -> {
            assertThat(parsed.command())
                    .isEqualTo(new RecordSatisfaction(
                            com.slaledger.api.ContractId.of("SLA-1"), YearMonth.of(2026, 11), 8, true, null));
            assertThat(parsed.issuance().expectedVersion()).isEqualTo(7L);
            assertThat(parsed.issuance().issuedAt())
                    .as("missing issuedAt is the time of receipt")
                    .isEqualTo(NOW);
        });
    }

    @Test
    void listsEveryOffendingFieldAtOnce() {
        Reading reading = read("""
                {"commandId":"c-2","type":"RecordSatisfaction","contractId":"SLA-1",
                 "issuedBy":{"party":"CLIENT","actor":"it@acme"},
                 "payload":{"period":"November","score":"eight","mood":"happy"}}""");
        assertThat(reading).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(RejectionCode.INVALID);
            assertThat(refused.message()).contains("payload.mood", "period:", "score:");
            assertThat(refused.deadLetter()).isFalse();
        });
    }

    @Test
    void rangeChecksComeAfterTypesAreRight() {
        Reading reading = read("""
                {"commandId":"c-3","type":"RecordSatisfaction","contractId":"SLA-1",
                 "issuedBy":{"party":"CLIENT","actor":"it@acme"},"payload":{"period":"2026-11","score":0}}""");
        assertThat(((Reading.Refused) reading).message())
                .isEqualTo("score must be between 1 and 10; wouldRecommend is required");
    }

    @Test
    void aRecordOverTheLimitIsTooLargeAndKeepsItsCommandIdWhenReadable() {
        String big = "{\"commandId\":\"c-4\",\"type\":\"SignContract\",\"pad\":\"" + "x".repeat(2000) + "\"}";
        assertThat(read(big)).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(RejectionCode.TOO_LARGE);
            assertThat(refused.commandId()).isEqualTo("c-4");
            assertThat(refused.deadLetter()).isTrue();
        });
    }

    @Test
    void withoutACommandIdNobodyCanBeAnswered() {
        assertThat(read("{\"type\":\"SignContract\"}")).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.commandId()).isNull();
            assertThat(refused.deadLetter()).isTrue();
        });
    }

    @Test
    void aBadExpectedVersionOrIssuedAtIsInvalid() {
        Reading reading = read("""
                {"commandId":"c-5","type":"SignContract","contractId":"SLA-1","issuedAt":"soon",
                 "issuedBy":{"party":"CLIENT","actor":"it@acme"},"expectedVersion":-1}""");
        assertThat(((Reading.Refused) reading).message()).contains("issuedAt", "expectedVersion");
    }

    @Test
    void deeplyNestedInputIsRefusedAsMalformed() {
        String deep = "{\"commandId\":\"c-6\",\"payload\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThat(read(deep)).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(RejectionCode.MALFORMED);
            assertThat(refused.commandId()).isEqualTo("c-6");
        });
    }
}
