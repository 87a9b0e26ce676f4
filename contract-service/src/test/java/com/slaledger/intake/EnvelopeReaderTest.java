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

    /**
     * A member the envelope or its issuedBy does not define is refused, as one of the payload is: a
     * misspelt expectedVersion, ignored, would let the command through without its concurrency check.
     */
    @Test
    void aMemberTheEnvelopeDoesNotDefineIsRefusedNotIgnored() {
        Reading reading = read("""
                {"commandId":"c-3","type":"SignContract","contractId":"SLA-1","expectedversion":7,
                 "issuedBy":{"party":"CLIENT","actor":"it@acme","name":"IT"},"payload":{}}""");
        assertThat(reading).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(RejectionCode.INVALID);
            assertThat(refused.message())
                    .isEqualTo("expectedversion is not a field of the command envelope; "
                            + "issuedBy.name is not a field of issuedBy");
            assertThat(refused.commandId()).isEqualTo("c-3");
            assertThat(refused.deadLetter()).isFalse();
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
            assertThat(refused.message())
                    .isEqualTo("payload.mood is not a field of RecordSatisfaction; "
                            + "period must be a month such as 2026-11, not \"November\"; "
                            + "score must be a whole number, not \"eight\"");
            assertThat(refused.deadLetter()).isFalse();
        });
    }

    /**
     * A value of the wrong JSON type is refused, never changed on the way in (a fraction cut to a
     * whole number, 1 taken for true, a number for an enum's name or for days since 1970), and the
     * answer says what the field must be in the published language's terms.
     */
    @Test
    void aValueOfTheWrongKindIsRefusedNotConvertedAndTheAnswerSaysWhatItMustBe() {
        assertThat(refusal("RecordSatisfaction", "{\"period\":\"2026-11\",\"score\":8.5,\"wouldRecommend\":1}"))
                .isEqualTo("score must be a whole number, not 8.5; wouldRecommend must be true or false, not 1");
        assertThat(refusal(
                        "RecordSatisfaction", "{\"period\":\"2026-11\",\"score\":\" 8\",\"wouldRecommend\":\"TRUE\"}"))
                .isEqualTo(
                        "score must be a whole number, not \" 8\"; wouldRecommend must be true or false, not \"TRUE\"");
        assertThat(refusal(
                        "DraftContract",
                        "{\"clientId\":\"c\",\"clientName\":\"C\",\"supplierId\":\"s\",\"supplierName\":\"S\","
                                + "\"title\":\"T\",\"ownership\":0,\"atRiskPercent\":12,"
                                + "\"monthlyFee\":{\"amount\":\"10.00\",\"currency\":\"XYZ\"},\"startDate\":20261201}"))
                .isEqualTo("ownership must be one of CLIENT_OWNED, SUPPLIER_OWNED, not 0; "
                        + "monthlyFee.currency must be an ISO 4217 currency code such as EUR, not \"XYZ\"; "
                        + "startDate must be a date such as 2026-12-01, not 20261201");
        assertThat(refusal(
                        "RecordBreach",
                        "{\"breachId\":\"b1\",\"clauseId\":\"a\",\"description\":\"d\",\"occurredAt\":1764000000,"
                                + "\"measured\":{\"value\":\"x\",\"unit\":\"PERCENT\"}}"))
                .isEqualTo("occurredAt must be an instant such as 2026-11-27T09:15:00Z, not 1764000000; "
                        + "measured.value must be a number, such as 12.5 or \"12.50\", not \"x\"");
    }

    /**
     * A whole number too large for its field is told the field's range, in the words a query's
     * parameter uses for the same mistake (one {@code Wording}).
     */
    @Test
    void aWholeNumberTooLargeForItsFieldIsToldTheRange() {
        assertThat(refusal(
                        "RecordSatisfaction", "{\"period\":\"2026-11\",\"score\":99999999999,\"wouldRecommend\":true}"))
                .isEqualTo("score must be a whole number from -2147483648 to 2147483647, not 99999999999");
        assertThat(refusal(
                        "RecordSatisfaction",
                        "{\"period\":\"2026-11\",\"score\":-99999999999999999999,\"wouldRecommend\":true}"))
                .isEqualTo("score must be a whole number from -2147483648 to 2147483647, not -99999999999999999999");
    }

    private String refusal(String type, String payload) {
        Reading reading = read("{\"commandId\":\"c-9\",\"type\":\"" + type + "\",\"contractId\":\"SLA-1\","
                + "\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"it@acme\"},\"payload\":" + payload + "}");
        assertThat(reading).isInstanceOf(Reading.Refused.class);
        assertThat(((Reading.Refused) reading).code()).isEqualTo(RejectionCode.INVALID);
        return ((Reading.Refused) reading).message();
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
