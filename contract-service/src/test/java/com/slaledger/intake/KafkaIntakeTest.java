package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.FaultInjection;
import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.Measurement;
import com.slaledger.api.Money;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.SettlementOutcome;
import com.slaledger.api.command.*;
import com.slaledger.testsupport.HostileEnvelopes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@ContractServiceTest
class KafkaIntakeTest {

    private static final ClauseId AVAILABILITY = ClauseId.of("availability");
    private static final ClauseId RESPONSE_TIME = ClauseId.of("response-time");

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FaultInjection.FailingResultPublisher results;

    private CommandResult send(Party party, ContractCommand command) {
        ObjectNode envelope = envelope(party, command);
        kafka.send(command.contractId().value(), bytes(envelope));
        return kafka.awaitResult(envelope.get("commandId").asString());
    }

    @Test
    void everyCommandTypeIsAcceptedOverKafka() {
        ContractId id = ContractId.of("K-STORY-1");
        ServiceLevel thirtyMinutes = new ServiceLevel(
                ServiceLevel.Metric.RESPONSE_TIME,
                new BigDecimal("30"),
                ServiceLevel.Unit.MINUTES,
                ServiceLevel.Window.MONTH);
        List<CommandResult> answers = new ArrayList<>();
        answers.add(send(Party.CLIENT, draft(id.value())));
        answers.add(send(
                Party.CLIENT,
                new DraftClause(id, AVAILABILITY, "Availability", "99.8 % a month.", null, null, new BigDecimal("5"))));
        answers.add(send(
                Party.SUPPLIER,
                new LeaveClauseOpen(
                        id, RESPONSE_TIME, "Response time", "Learn first.", LocalDate.parse("2027-03-01"), null)));
        answers.add(send(
                Party.SUPPLIER,
                new AmendClause(id, AVAILABILITY, "99.5 % a month.", null, new BigDecimal("5"), "hardware")));
        answers.add(send(Party.CLIENT, new SignContract(id)));
        answers.add(send(Party.SUPPLIER, new SignContract(id)));
        answers.add(send(
                Party.SUPPLIER,
                new FillInClause(id, RESPONSE_TIME, "60 minutes.", thirtyMinutes, new BigDecimal("2"))));
        answers.add(send(Party.CLIENT, new RejectChange(id, RESPONSE_TIME, "too slow")));
        answers.add(send(
                Party.SUPPLIER,
                new FillInClause(id, RESPONSE_TIME, "30 minutes.", thirtyMinutes, new BigDecimal("2"))));
        CommandResult twoPointZero = send(Party.CLIENT, new AgreeToChange(id, RESPONSE_TIME, "agreed"));
        answers.add(twoPointZero);
        Instant occurred = Instant.parse("2026-06-01T03:00:00Z");
        Measurement measured = new Measurement(new BigDecimal("97.2"), ServiceLevel.Unit.PERCENT);
        answers.add(send(
                Party.CLIENT, new RecordBreach(id, BreachId.of("b-1"), AVAILABILITY, occurred, measured, "outage")));
        answers.add(send(Party.CLIENT, new WaiveCredit(id, BreachId.of("b-1"), "partnership")));
        answers.add(send(
                Party.CLIENT,
                new RecordBreach(
                        id, BreachId.of("b-2"), AVAILABILITY, occurred.plusSeconds(3600), measured, "outage")));
        answers.add(send(Party.SUPPLIER, new DisputeBreach(id, BreachId.of("b-2"), "maintenance window")));
        answers.add(send(Party.SUPPLIER, new SettleDispute(id, BreachId.of("b-2"), SettlementOutcome.WITHDRAWN, null)));
        answers.add(send(Party.CLIENT, new SettleDispute(id, BreachId.of("b-2"), SettlementOutcome.WITHDRAWN, "ok")));
        answers.add(send(Party.CLIENT, new RecordSatisfaction(id, YearMonth.of(2026, 6), 8, true, "good")));
        CommandResult terminated =
                send(Party.SUPPLIER, new TerminateContract(id, LocalDate.now(java.time.ZoneOffset.UTC), "end"));
        answers.add(terminated);

        assertThat(answers).allSatisfy(result -> {
            assertThat(result.status())
                    .as(result.type() + ": " + result.message())
                    .isEqualTo(CommandResult.Status.ACCEPTED);
            assertThat(result.duplicate()).isFalse();
        });
        assertThat(answers)
                .extracting(CommandResult::type)
                .containsAll(
                        CommandType.values().stream().map(CommandType::name).toList());
        assertThat(twoPointZero.contractVersion()).isEqualTo("2.0");
        assertThat(terminated.sequence()).isEqualTo(eventCount(id) - 1);
    }

    @Test
    void aRepeatedCommandGetsItsFirstResultBackMarkedDuplicateAndHasNoSecondEffect() {
        ContractId id = ContractId.of("K-DUP-1");
        send(Party.CLIENT, draft(id.value()));
        ObjectNode clause = envelope(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, null));
        String commandId = clause.get("commandId").asString();

        kafka.send(id.value(), bytes(clause));
        kafka.send(id.value(), bytes(clause));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> kafka.resultsFor(commandId).size() == 2);
        List<CommandResult> answers = kafka.resultsFor(commandId);
        assertThat(answers).extracting(CommandResult::duplicate).containsExactly(false, true);
        assertThat(answers.get(1).sequence()).isEqualTo(answers.get(0).sequence());
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void aResultLostAfterTheCommitIsPublishedAgainOnRedeliveryWithoutASecondEffect() {
        ContractId id = ContractId.of("K-LOST-1");
        send(Party.CLIENT, draft(id.value()));
        ObjectNode clause = envelope(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, null));
        String commandId = clause.get("commandId").asString();
        results.failOnceFor(commandId);

        kafka.send(id.value(), bytes(clause));

        CommandResult answer = kafka.awaitResult(commandId);
        assertThat(answer.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(answer.duplicate()).as("the stored result, sent again").isTrue();
        assertThat(eventCount(id)).isEqualTo(2);
        await().during(Duration.ofMillis(500))
                .until(() -> kafka.resultsFor(commandId).size() == 1);
    }

    @Test
    void aRecordThatKeepsFailingIsDeadLetteredAndAnsweredWithInternalError() {
        ContractId id = ContractId.of("K-POISON-1");
        send(Party.CLIENT, draft(id.value()));
        ObjectNode clause = envelope(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, null));
        String commandId = clause.get("commandId").asString();
        results.failAlwaysFor(commandId);
        int deadBefore = kafka.deadLetters().size();

        kafka.send(id.value(), bytes(clause));

        CommandResult answer = kafka.awaitResult(commandId);
        assertThat(answer.code()).isEqualTo(RejectionCode.INTERNAL_ERROR);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.deadLetters().size() > deadBefore);
        assertThat(kafka.deadLetters().get(kafka.deadLetters().size() - 1).value())
                .isEqualTo(bytes(clause));
        CommandResult next = send(Party.CLIENT, draft("K-POISON-NEXT"));
        assertThat(next.status()).as("the consumer goes on").isEqualTo(CommandResult.Status.ACCEPTED);
    }

    static Stream<Arguments> badInput() {
        String good =
                "{\"commandId\":\"%s\",\"type\":\"DraftClause\",\"contractId\":\"K-BAD\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"x\"},\"payload\":%s}";
        return Stream.of(
                Arguments.of(
                        "not JSON, id recoverable",
                        "{\"commandId\":\"%s\", oops".getBytes(StandardCharsets.UTF_8),
                        RejectionCode.MALFORMED,
                        true),
                Arguments.of("not JSON at all", "\u0000\u0001binary".getBytes(StandardCharsets.UTF_8), null, true),
                Arguments.of("not an object", "[1,2,3]".getBytes(StandardCharsets.UTF_8), null, true),
                Arguments.of(
                        "no commandId",
                        "{\"type\":\"SignContract\",\"contractId\":\"K-BAD\"}".getBytes(StandardCharsets.UTF_8),
                        null,
                        true),
                Arguments.of(
                        "no type",
                        "{\"commandId\":\"%s\",\"contractId\":\"K-BAD\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"x\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.MALFORMED,
                        false),
                Arguments.of(
                        "no issuedBy",
                        "{\"commandId\":\"%s\",\"type\":\"SignContract\",\"contractId\":\"K-BAD\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.MALFORMED,
                        false),
                Arguments.of(
                        "unknown type",
                        "{\"commandId\":\"%s\",\"type\":\"BribeAuditor\",\"contractId\":\"K-BAD\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"x\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.UNKNOWN_COMMAND,
                        false),
                Arguments.of(
                        "unknown party",
                        "{\"commandId\":\"%s\",\"type\":\"SignContract\",\"contractId\":\"K-BAD\",\"issuedBy\":{\"party\":\"AUDITOR\",\"actor\":\"x\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.INVALID,
                        false),
                Arguments.of(
                        "bad contractId",
                        "{\"commandId\":\"%s\",\"type\":\"SignContract\",\"contractId\":\"no spaces allowed\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"x\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.INVALID,
                        false),
                Arguments.of(
                        "bad payload fields",
                        good.formatted("%s", "{\"clauseId\":\"a b\",\"heading\":7,\"creditPercent\":\"lots\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.INVALID,
                        false),
                Arguments.of(
                        "an availability above 100 %",
                        good.formatted(
                                        "%s",
                                        "{\"clauseId\":\"pct\",\"heading\":\"h\",\"text\":\"t\",\"serviceLevel\":"
                                                + "{\"metric\":\"AVAILABILITY\",\"target\":100.5,\"unit\":\"PERCENT\",\"window\":\"MONTH\"}}")
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.INVALID,
                        false),
                Arguments.of(
                        "a heading that reads backwards on a page (U+202E)",
                        good.formatted("%s", "{\"clauseId\":\"rtl\",\"heading\":\"\\u202Eevil\",\"text\":\"t\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.INVALID,
                        false),
                Arguments.of(
                        "too large",
                        good.formatted(
                                        "%s",
                                        "{\"clauseId\":\"big\",\"heading\":\"h\",\"text\":\"" + "x".repeat(300_000)
                                                + "\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.TOO_LARGE,
                        true),
                Arguments.of(
                        "unknown contract",
                        "{\"commandId\":\"%s\",\"type\":\"SignContract\",\"contractId\":\"K-NOWHERE\",\"issuedBy\":{\"party\":\"CLIENT\",\"actor\":\"x\"}}"
                                .getBytes(StandardCharsets.UTF_8),
                        RejectionCode.NOT_FOUND,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputGetsAClearAnswerAndTheNextCommandIsStillProcessed(
            String name, byte[] template, RejectionCode code, boolean deadLettered) {
        String commandId = "bad-" + java.util.UUID.randomUUID();
        String text = new String(template, StandardCharsets.UTF_8);
        byte[] record = text.contains("%s") ? text.formatted(commandId).getBytes(StandardCharsets.UTF_8) : template;
        int deadBefore = kafka.deadLetters().size();

        kafka.send("K-BAD", record);
        CommandResult next = send(Party.CLIENT, draft("K-NEXT-" + Math.abs(name.hashCode())));

        assertThat(next.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        if (code != null) {
            CommandResult answer = kafka.awaitResult(commandId);
            assertThat(answer.code()).isEqualTo(code);
            assertThat(answer.message()).isNotBlank();
            assertThat(kafka.resultsFor(commandId)).hasSize(1);
        }
        if (deadLettered) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.deadLetters().size() > deadBefore);
            ConsumerRecord<String, byte[]> dead =
                    kafka.deadLetters().get(kafka.deadLetters().size() - 1);
            assertThat(dead.value()).isEqualTo(record);
            assertThat(dead.headers().lastHeader(DeadLetters.REASON_HEADER)).isNotNull();
            assertThat(new String(
                            dead.headers()
                                    .lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("contract.commands");
            assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET))
                    .isNotNull();
        }
    }

    @Test
    void anInvalidPayloadNamesEveryOffendingField() {
        ContractId id = ContractId.of("K-FIELDS");
        ObjectNode envelope = envelope(Party.CLIENT, new SignContract(id));
        envelope.put("type", "RecordBreach");
        envelope.putObject("payload")
                .put("breachId", "b 1")
                .put("occurredAt", "yesterday")
                .put("colour", "red");
        kafka.send(id.value(), bytes(envelope));

        CommandResult answer = kafka.awaitResult(envelope.get("commandId").asString());
        assertThat(answer.code()).isEqualTo(RejectionCode.INVALID);
        assertThat(answer.message()).contains("payload.colour", "breachId", "occurredAt");
    }

    /**
     * Generated names nobody defined, most of them near misses of the envelope's own: each record
     * carries a stale version under such a name. Ignored, it would have been drafted without the
     * check its sender asked for; each is refused, nothing of them is stored, and the next command
     * of the same contract is accepted.
     */
    /**
     * Months before the term (it starts 2026-01-01) or after the present one, and terminations
     * before the term or after today, generated and sent through the broker: each is refused with its code, none
     * is stored, and the contract's next rating and termination are.
     */
    @Test
    void ratingsAndTerminationsOutsideTheTermAreRefusedAndTheNextOnesRecorded() {
        ContractId id = ContractId.of("K-TERM");
        send(Party.CLIENT, draft(id.value()));
        send(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, null));
        send(Party.CLIENT, new SignContract(id));
        CommandResult active = send(Party.SUPPLIER, new SignContract(id));
        YearMonth present = YearMonth.now(java.time.ZoneOffset.UTC);
        List<YearMonth> before = Arbitraries.integers()
                .between(1, 671)
                .map(n -> YearMonth.of(2026, 1).minusMonths(n))
                .sampleStream()
                .limit(10)
                .toList();
        List<YearMonth> after = Arbitraries.integers()
                .between(1, 600)
                .map(present::plusMonths)
                .filter(month -> month.getYear() <= 2199)
                .sampleStream()
                .limit(10)
                .toList();
        List<LocalDate> early = Arbitraries.integers()
                .between(1, 20_000)
                .map(n -> LocalDate.parse("2026-01-01").minusDays(n))
                .sampleStream()
                .limit(10)
                .toList();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        List<LocalDate> ahead = Arbitraries.integers()
                .between(1, 20_000)
                .map(today::plusDays)
                .sampleStream()
                .limit(10)
                .toList();
        List<String> sent = new ArrayList<>();
        List<RejectionCode> expected = new ArrayList<>();
        for (YearMonth month : Stream.concat(before.stream(), after.stream()).toList()) {
            ObjectNode envelope = envelope(Party.CLIENT, new RecordSatisfaction(id, month, 7, true, null));
            sent.add(month + ": " + envelope.get("commandId").asString());
            expected.add(month.isAfter(present) ? RejectionCode.PERIOD_IN_FUTURE : RejectionCode.PERIOD_OUT_OF_TERM);
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        for (LocalDate day : Stream.concat(early.stream(), ahead.stream()).toList()) {
            ObjectNode envelope = envelope(Party.SUPPLIER, new TerminateContract(id, day, "backdated or ahead"));
            sent.add(day + ": " + envelope.get("commandId").asString());
            expected.add(
                    day.isAfter(today) ? RejectionCode.TERMINATION_IN_FUTURE : RejectionCode.TERMINATION_BEFORE_START);
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        kafka.flush();
        CommandResult rated = send(Party.CLIENT, new RecordSatisfaction(id, YearMonth.of(2026, 1), 7, true, null));
        CommandResult terminated =
                send(Party.SUPPLIER, new TerminateContract(id, LocalDate.parse("2026-01-01"), "end"));

        for (int i = 0; i < sent.size(); i++) {
            CommandResult answer =
                    kafka.awaitResult(sent.get(i).substring(sent.get(i).indexOf(": ") + 2));
            assertThat(answer.code()).as(sent.get(i)).isEqualTo(expected.get(i));
            assertThat(answer.sequence()).as(sent.get(i)).isEqualTo(active.sequence());
        }
        assertThat(rated.status()).as(rated.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(terminated.status()).as(terminated.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(eventCount(id)).as("the rating and the termination only").isEqualTo(active.sequence() + 3);
    }

    /**
     * Late breaches through the broker: on a clause filled in today, one that occurred while it
     * was open is stored as experience; on a clause added today, generated moments before its
     * agreement are refused as {@code CLAUSE_NOT_IN_FORCE}, and a breach after it is credited.
     */
    @Test
    void aLateBreachMeetsTheTermsInForceWhenItOccurred() {
        ContractId id = ContractId.of("K-LATE");
        send(Party.CLIENT, draft(id.value()));
        send(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, new BigDecimal("5")));
        send(Party.SUPPLIER, new LeaveClauseOpen(id, RESPONSE_TIME, "R", "learn", LocalDate.parse("2027-03-01"), null));
        send(Party.CLIENT, new SignContract(id));
        send(Party.SUPPLIER, new SignContract(id));
        send(Party.SUPPLIER, new FillInClause(id, RESPONSE_TIME, "30 min", null, new BigDecimal("2")));
        send(Party.CLIENT, new AgreeToChange(id, RESPONSE_TIME, null));
        ClauseId helpdesk = ClauseId.of("helpdesk");
        send(Party.SUPPLIER, new DraftClause(id, helpdesk, "H", "a day", null, null, new BigDecimal("3")));
        CommandResult added = send(Party.CLIENT, new AgreeToChange(id, helpdesk, null));
        Instant agreedAround = Instant.now();

        CommandResult whileOpen = send(
                Party.CLIENT,
                new RecordBreach(
                        id, BreachId.of("open"), RESPONSE_TIME, Instant.parse("2026-06-01T00:00:00Z"), null, "slow"));
        assertThat(whileOpen.status()).as(whileOpen.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(storedTreatment(id, whileOpen.sequence())).isEqualTo("EXPERIENCE");

        List<Instant> before = Arbitraries.longs()
                .between(60, 300L * 24 * 3600)
                .map(seconds -> agreedAround.minusSeconds(seconds))
                .filter(at -> at.isAfter(Instant.parse("2026-01-01T00:00:00Z")))
                .sampleStream()
                .limit(10)
                .toList();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            ObjectNode envelope = envelope(
                    Party.CLIENT, new RecordBreach(id, BreachId.of("early-" + i), helpdesk, before.get(i), null, "x"));
            refused.add(envelope.get("commandId").asString());
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        kafka.flush();
        CommandResult after =
                send(Party.CLIENT, new RecordBreach(id, BreachId.of("after"), helpdesk, Instant.now(), null, "slow"));

        for (int i = 0; i < refused.size(); i++) {
            CommandResult answer = kafka.awaitResult(refused.get(i));
            assertThat(answer.code()).as(before.get(i).toString()).isEqualTo(RejectionCode.CLAUSE_NOT_IN_FORCE);
        }
        assertThat(after.status()).as(after.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(storedTreatment(id, after.sequence())).isEqualTo("CREDITED");
        assertThat(after.sequence()).as("only the two breaches were stored").isEqualTo(added.sequence() + 2);
    }

    /**
     * Measured values that meet the clause's service level or are in another unit, and review-by
     * and termination dates after the term, generated and sent through the broker: each is refused
     * with its code, nothing is stored, and the next breach and open clause are.
     */
    @Test
    void aBreachThatMeetsItsLevelAndAReviewDateAfterTheTermAreRefusedAndTheNextOnesStored() {
        ContractId id = ContractId.of("K-MEASURED");
        LocalDate end = LocalDate.parse("2027-12-31");
        send(
                Party.CLIENT,
                com.slaledger.contract.ContractScenario.draftContract(
                        id, "hostco", Money.of("10000.00", "EUR"), LocalDate.parse("2026-01-01"), end));
        ServiceLevel level = new ServiceLevel(
                ServiceLevel.Metric.AVAILABILITY,
                new BigDecimal("99.8"),
                ServiceLevel.Unit.PERCENT,
                ServiceLevel.Window.MONTH);
        send(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "99.8 % a month", null, level, new BigDecimal("5")));
        send(Party.CLIENT, new SignContract(id));
        CommandResult active = send(Party.SUPPLIER, new SignContract(id));
        Instant occurred = Instant.parse("2026-06-01T00:00:00Z");
        List<Measurement> met = Arbitraries.bigDecimals()
                .between(new BigDecimal("99.8"), new BigDecimal("100"))
                .ofScale(3)
                .map(value -> new Measurement(value, ServiceLevel.Unit.PERCENT))
                .sampleStream()
                .limit(10)
                .toList();
        List<Measurement> otherUnit = Arbitraries.of(
                        ServiceLevel.Unit.MINUTES,
                        ServiceLevel.Unit.HOURS,
                        ServiceLevel.Unit.DAYS,
                        ServiceLevel.Unit.COUNT)
                .flatMap(unit -> Arbitraries.integers()
                        .between(0, 10_000)
                        .map(v -> new Measurement(BigDecimal.valueOf(v), unit)))
                .sampleStream()
                .limit(10)
                .toList();
        List<LocalDate> afterTheEnd = Arbitraries.integers()
                .between(1, 60_000)
                .map(end::plusDays)
                .sampleStream()
                .limit(10)
                .toList();
        List<String> sent = new ArrayList<>();
        List<RejectionCode> expected = new ArrayList<>();
        int n = 0;
        for (Measurement measured :
                Stream.concat(met.stream(), otherUnit.stream()).toList()) {
            ObjectNode envelope = envelope(
                    Party.CLIENT, new RecordBreach(id, BreachId.of("m-" + n++), AVAILABILITY, occurred, measured, "x"));
            sent.add(measured + ": " + envelope.get("commandId").asString());
            expected.add(
                    measured.unit() == ServiceLevel.Unit.PERCENT
                            ? RejectionCode.LEVEL_MET
                            : RejectionCode.UNIT_MISMATCH);
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        for (LocalDate reviewBy : afterTheEnd) {
            ObjectNode envelope = envelope(
                    Party.SUPPLIER, new LeaveClauseOpen(id, ClauseId.of("r-" + n++), "R", "learn", reviewBy, null));
            sent.add(reviewBy + ": " + envelope.get("commandId").asString());
            expected.add(RejectionCode.REVIEW_BY_AFTER_TERM);
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        for (LocalDate effective : afterTheEnd) {
            ObjectNode envelope = envelope(Party.CLIENT, new TerminateContract(id, effective, "after the end"));
            sent.add(effective + ": " + envelope.get("commandId").asString());
            expected.add(RejectionCode.TERMINATION_AFTER_END);
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        kafka.flush();
        CommandResult missed = send(
                Party.CLIENT,
                new RecordBreach(
                        id,
                        BreachId.of("missed"),
                        AVAILABILITY,
                        occurred,
                        new Measurement(new BigDecimal("99.79"), ServiceLevel.Unit.PERCENT),
                        "outage"));
        CommandResult opened = send(Party.SUPPLIER, new LeaveClauseOpen(id, RESPONSE_TIME, "R", "learn", end, null));

        for (int i = 0; i < sent.size(); i++) {
            CommandResult answer =
                    kafka.awaitResult(sent.get(i).substring(sent.get(i).indexOf(": ") + 2));
            assertThat(answer.code()).as(sent.get(i)).isEqualTo(expected.get(i));
            assertThat(answer.sequence()).as(sent.get(i)).isEqualTo(active.sequence());
        }
        assertThat(missed.status()).as(missed.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(storedTreatment(id, missed.sequence())).isEqualTo("CREDITED");
        assertThat(opened.status()).as(opened.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(eventCount(id)).as("the breach and the proposal only").isEqualTo(active.sequence() + 3);
    }

    private String storedTreatment(ContractId id, long sequence) {
        return jdbc.sql(
                        "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'treatment' FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")
                .param(id.value())
                .param(sequence)
                .query(String.class)
                .single();
    }

    /**
     * Drafts with a fee finer than its currency's minor unit, in a code without one, or with the
     * client as its own supplier, generated and sent through the broker: each is refused as
     * {@code INVALID} naming the field, none creates its contract, and the next draft does.
     */
    @Test
    void aFeeItsCurrencyCannotHoldOrAClientSupplyingItselfIsRefusedAndTheNextDraftStored() {
        List<java.util.Currency> currencies = java.util.Currency.getAvailableCurrencies().stream()
                .sorted(java.util.Comparator.comparing(java.util.Currency::getCurrencyCode))
                .toList();
        List<Money> fees = Arbitraries.of(currencies)
                .flatMap(currency -> {
                    int minorUnit = Math.max(currency.getDefaultFractionDigits(), 0);
                    int finer = currency.getDefaultFractionDigits() < 0 ? 0 : minorUnit + 1;
                    return Arbitraries.integers()
                            .between(finer, minorUnit + 3)
                            .flatMap(scale -> Arbitraries.longs()
                                    .between(1, 9_999_999)
                                    .map(unscaled -> new Money(BigDecimal.valueOf(unscaled, scale), currency)));
                })
                .sampleStream()
                .limit(20)
                .toList();
        List<String> selves = Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("._-")
                .ofMinLength(1)
                .ofMaxLength(64)
                .sampleStream()
                .limit(10)
                .toList();
        List<String> refusedIds = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < fees.size() + selves.size(); i++) {
            DraftContract good = draft("K-FEE-" + i);
            DraftContract bad = i < fees.size()
                    ? new DraftContract(
                            good.contractId(),
                            "acme",
                            "ACME",
                            "hostco",
                            "HostCo",
                            "T",
                            List.of(),
                            good.ownership(),
                            fees.get(i),
                            good.atRiskPercent(),
                            good.startDate(),
                            null)
                    : new DraftContract(
                            good.contractId(),
                            selves.get(i - fees.size()),
                            "ACME",
                            selves.get(i - fees.size()),
                            "HostCo",
                            "T",
                            List.of(),
                            good.ownership(),
                            good.monthlyFee(),
                            good.atRiskPercent(),
                            good.startDate(),
                            null);
            ObjectNode envelope = envelope(Party.CLIENT, bad);
            refusedIds.add(envelope.get("commandId").asString());
            expected.add(
                    i < fees.size()
                            ? (fees.get(i).currency().getDefaultFractionDigits() < 0
                                    ? "monthlyFee.currency "
                                    : "monthlyFee.amount has more decimal places than ")
                            : "supplierId must differ from clientId");
            kafka.sendAsync(good.contractId().value(), bytes(envelope));
        }
        kafka.flush();
        CommandResult next = send(Party.CLIENT, draft("K-FEE-NEXT"));

        assertThat(next.status()).as("the consumer goes on").isEqualTo(CommandResult.Status.ACCEPTED);
        for (int i = 0; i < refusedIds.size(); i++) {
            CommandResult answer = kafka.awaitResult(refusedIds.get(i));
            String what = i < fees.size() ? fees.get(i).toString() : selves.get(i - fees.size());
            assertThat(answer.code()).as(what).isEqualTo(RejectionCode.INVALID);
            assertThat(answer.message()).as(what).contains(expected.get(i));
            assertThat(eventCount(ContractId.of("K-FEE-" + i))).as(what).isZero();
        }
    }

    /**
     * Drafts whose scope lists a part twice (the second time in another case or with spaces
     * around it), generated and sent through the broker between good drafts: each is refused as
     * {@code INVALID} naming the repeat and the entry it repeats, none creates its contract, and
     * the good drafts around them are stored.
     */
    @Test
    void aScopeThatListsAPartTwiceIsRefusedAndTheDraftsAroundItAreStored() {
        Arbitrary<List<String>> parts = Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(part -> part.toLowerCase(Locale.ROOT))
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .uniqueElements();
        record Repeated(List<String> scope, int repeat, int of) {}
        List<Repeated> cases = Combinators.combine(
                        parts,
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.of("", " ", "  "),
                        Arbitraries.of(true, false))
                .as((distinct, of, at, spaces, upper) -> {
                    int original = of % distinct.size();
                    int repeat = original + 1 + at % (distinct.size() - original);
                    String again = spaces
                            + (upper ? distinct.get(original).toUpperCase(Locale.ROOT) : distinct.get(original))
                            + spaces;
                    List<String> scope = new ArrayList<>(distinct);
                    scope.add(repeat, again);
                    return new Repeated(scope, repeat, original);
                })
                .sampleStream()
                .limit(15)
                .toList();
        List<String> refusedIds = new ArrayList<>();
        List<String> goodIds = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String key = "K-SCOPE-" + i;
            ObjectNode bad = envelope(Party.CLIENT, draft(key));
            ArrayNode scope = ((ObjectNode) bad.get("payload")).putArray("scope");
            cases.get(i).scope().forEach(scope::add);
            refusedIds.add(bad.get("commandId").asString());
            kafka.sendAsync(key, bytes(bad));
            ObjectNode good = envelope(Party.CLIENT, draft(key + "-GOOD"));
            goodIds.add(good.get("commandId").asString());
            kafka.sendAsync(key, bytes(good));
        }
        kafka.flush();

        for (int i = 0; i < cases.size(); i++) {
            Repeated sent = cases.get(i);
            CommandResult refused = kafka.awaitResult(refusedIds.get(i));
            assertThat(refused.code()).as("%s", sent).isEqualTo(RejectionCode.INVALID);
            assertThat(refused.message())
                    .as("%s", sent)
                    .contains("scope[" + sent.repeat() + "] repeats scope[" + sent.of() + "]");
            assertThat(eventCount(ContractId.of("K-SCOPE-" + i))).as("%s", sent).isZero();
            CommandResult next = kafka.awaitResult(goodIds.get(i));
            assertThat(next.status()).as(next.message()).isEqualTo(CommandResult.Status.ACCEPTED);
        }
    }

    @Test
    void anEnvelopeMemberNobodyDefinedIsRefusedAndTheNextCommandIsStillProcessed() {
        ContractId id = ContractId.of("K-MEMBERS");
        CommandResult drafted = send(Party.CLIENT, draft(id.value()));
        List<String> names = HostileEnvelopes.undefinedMembers(
                        Stream.concat(EnvelopeReader.ENVELOPE_MEMBERS.stream(), EnvelopeReader.ISSUER_MEMBERS.stream())
                                .toList())
                .sampleStream()
                .limit(30)
                .toList();
        List<String> refusedIds = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ObjectNode envelope = envelope(
                    Party.CLIENT, new DraftClause(id, ClauseId.of("member-" + i), "H", "text", null, null, null));
            ObjectNode owner = i % 3 == 2 ? (ObjectNode) envelope.get("issuedBy") : envelope;
            owner.put(names.get(i), drafted.sequence() + 99);
            refusedIds.add(envelope.get("commandId").asString());
            kafka.sendAsync(id.value(), bytes(envelope));
        }
        kafka.flush();
        CommandResult next = send(Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, null));

        assertThat(next.status()).as("the consumer goes on").isEqualTo(CommandResult.Status.ACCEPTED);
        for (int i = 0; i < names.size(); i++) {
            CommandResult answer = kafka.awaitResult(refusedIds.get(i));
            assertThat(answer.code()).as(names.get(i)).isEqualTo(RejectionCode.INVALID);
            assertThat(answer.message()).as(names.get(i)).contains(" is not a field of ");
        }
        assertThat(eventCount(id)).as("the draft and the next clause only").isEqualTo(drafted.sequence() + 2);
    }

    @Test
    void aValueOfTheWrongKindIsRefusedWithWhatItMustBeAndTheNextCommandIsStillProcessed() {
        ContractId id = ContractId.of("K-KINDS");
        ObjectNode envelope = envelope(Party.CLIENT, new SignContract(id));
        envelope.put("type", "RecordSatisfaction");
        envelope.putObject("payload")
                .put("period", 202606)
                .put("score", new BigDecimal("8.5"))
                .put("wouldRecommend", 1);
        kafka.send(id.value(), bytes(envelope));
        CommandResult next = send(Party.CLIENT, draft(id.value()));

        CommandResult answer = kafka.awaitResult(envelope.get("commandId").asString());
        assertThat(answer.code()).isEqualTo(RejectionCode.INVALID);
        assertThat(answer.message())
                .contains(
                        "period must be a month such as 2026-11, not 202606",
                        "score must be a whole number, not 8.5",
                        "wouldRecommend must be true or false, not 1");
        assertThat(next.status()).as("the consumer goes on").isEqualTo(CommandResult.Status.ACCEPTED);
    }

    @Test
    void businessRulesAndStaleVersionsAnswerWithTheirCodes() {
        ContractId id = ContractId.of("K-RULES-1");
        CommandResult drafted = send(Party.CLIENT, draft(id.value()));
        send(
                Party.CLIENT,
                new LeaveClauseOpen(id, RESPONSE_TIME, "Response", "learn", LocalDate.parse("2027-01-01"), null));
        send(Party.CLIENT, new SignContract(id));
        send(Party.SUPPLIER, new SignContract(id));
        CommandResult proposed = send(Party.SUPPLIER, new FillInClause(id, RESPONSE_TIME, "30 min", null, null));

        CommandResult ownProposal = send(Party.SUPPLIER, new AgreeToChange(id, RESPONSE_TIME, null));
        assertThat(ownProposal.code()).isEqualTo(RejectionCode.OWN_PROPOSAL);
        assertThat(ownProposal.sequence()).isEqualTo(proposed.sequence());

        ObjectNode stale = envelope(Party.CLIENT, new AgreeToChange(id, RESPONSE_TIME, null));
        stale.put("expectedVersion", drafted.sequence());
        kafka.send(id.value(), bytes(stale));
        assertThat(kafka.awaitResult(stale.get("commandId").asString()).code()).isEqualTo(RejectionCode.CONFLICT);

        ObjectNode current = envelope(Party.CLIENT, new AgreeToChange(id, RESPONSE_TIME, null));
        current.put("expectedVersion", proposed.sequence());
        kafka.send(id.value(), bytes(current));
        CommandResult agreed = kafka.awaitResult(current.get("commandId").asString());
        assertThat(agreed.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(agreed.contractVersion()).isEqualTo("2.0");

        CommandResult notOpen = send(Party.CLIENT, new FillInClause(id, RESPONSE_TIME, "again", null, null));
        assertThat(notOpen.code()).isEqualTo(RejectionCode.CLAUSE_NOT_OPEN);

        CommandResult same = send(Party.CLIENT, new AmendClause(id, RESPONSE_TIME, "30 min", null, null, "again"));
        assertThat(same.code()).isEqualTo(RejectionCode.NO_CHANGE);
        assertThat(same.sequence()).isEqualTo(agreed.sequence());
        CommandResult changed = send(Party.CLIENT, new AmendClause(id, RESPONSE_TIME, "20 min", null, null, "faster"));
        assertThat(changed.status()).as(changed.message()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    @Test
    void aThousandCommandsOverFiftyContractsEachGetOneResultAndEventsStayInOrder() {
        Random random = new Random(42);
        List<List<ObjectNode>> perContract = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            ContractId id = ContractId.of("K-LOAD-" + c);
            List<ObjectNode> commands = new ArrayList<>();
            commands.add(envelope(Party.CLIENT, draft(id.value())));
            commands.add(envelope(
                    Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "99.8 %", null, null, new BigDecimal("1"))));
            commands.add(envelope(Party.CLIENT, new SignContract(id)));
            commands.add(envelope(Party.SUPPLIER, new SignContract(id)));
            for (int b = 0; b < 16; b++) {
                commands.add(envelope(
                        Party.CLIENT,
                        new RecordBreach(
                                id,
                                BreachId.of("b" + b),
                                AVAILABILITY,
                                Instant.parse("2026-03-01T00:00:00Z").plusSeconds(3600L * b),
                                null,
                                "outage")));
            }
            perContract.add(commands);
        }
        List<ObjectNode> sent = new ArrayList<>();
        int[] next = new int[50];
        while (sent.size() < 1000) {
            int c = random.nextInt(50);
            if (next[c] < 20) {
                ObjectNode envelope = perContract.get(c).get(next[c]++);
                kafka.send(envelope.get("contractId").asString(), bytes(envelope));
                sent.add(envelope);
            }
        }

        await().atMost(Duration.ofSeconds(120))
                .until(() -> sent.stream()
                        .allMatch(e ->
                                !kafka.resultsFor(e.get("commandId").asString()).isEmpty()));
        assertThat(sent).allSatisfy(e -> {
            List<CommandResult> answers = kafka.resultsFor(e.get("commandId").asString());
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).status()).as(answers.get(0).message()).isEqualTo(CommandResult.Status.ACCEPTED);
        });
        for (int c = 0; c < 50; c++) {
            List<Long> sequences = jdbc.sql(
                            "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY global_index")
                    .param("K-LOAD-" + c)
                    .query(Long.class)
                    .list();
            assertThat(sequences).hasSize(21).isSorted();
            assertThat(sequences.get(20)).isEqualTo(20L);
            List<Long> resultSequences = perContract.get(c).stream()
                    .map(e -> kafka.resultsFor(e.get("commandId").asString())
                            .get(0)
                            .sequence())
                    .toList();
            assertThat(resultSequences)
                    .as("results follow the send order of their contract")
                    .isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    private long eventCount(ContractId id) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(id.value())
                .query(Long.class)
                .single();
    }
}
