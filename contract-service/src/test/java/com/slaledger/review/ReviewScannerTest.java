package com.slaledger.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.FaultInjection;
import com.slaledger.OwnerLogin;
import com.slaledger.SlowResults;
import com.slaledger.api.Actor;
import com.slaledger.api.ChangeKind;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.ContractVersion;
import com.slaledger.api.Party;
import com.slaledger.api.command.AgreeToChange;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.api.command.SignContract;
import com.slaledger.api.event.ChangeAgreed;
import com.slaledger.api.event.ChangeProposed;
import com.slaledger.contract.ContractScenario;
import com.slaledger.contract.Issuance;
import com.slaledger.intake.BatchedCommands;
import com.slaledger.intake.Envelopes;
import com.slaledger.intake.KafkaTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The review scan (ADR 0003): every due review is marked once, whatever the ids, however many are
 * due, whatever else fails, and whoever else writes the contract.
 */
@ContractServiceTest
class ReviewScannerTest {

    static final Instant TODAY = Instant.parse("2027-03-05T06:00:00Z");
    static final LocalDate LONG_AGO = LocalDate.parse("2019-01-01");
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    @Autowired
    ReviewScanner scanner;

    @Autowired
    ReviewSchedule schedule;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FaultInjection.FailingCommandProcessor processor;

    @Autowired
    DataSource dataSource;

    @Autowired
    BatchedCommands batched;

    @Test
    void anOpenClausePastItsReviewByDateIsMarkedDueOnceAcrossRestartsOfTheScan() {
        ContractId id = ContractId.of("IT-REVIEW-1");
        send(id, ContractScenario.draftContract(id));
        send(id, open(id, "overdue", "2027-03-01"));
        send(id, open(id, "later", "2027-04-01"));
        send(id, open(id, "filled", "2027-02-01"));
        send(id, new FillInClause(id, ClauseId.of("filled"), "Nightly backups.", null, null));

        ReviewScanner.Scan scan = scanner.scan(TODAY);

        assertThat(scan.marked()).isGreaterThanOrEqualTo(1);
        assertThat(scan.failed()).isZero();
        assertThat(storedTypes(id)).endsWith("ReviewBecameDue").containsOnlyOnce("ReviewBecameDue");
        scanner.scan(TODAY);
        assertThat(storedTypes(id)).containsOnlyOnce("ReviewBecameDue");
        assertThat(scheduledClauses(id)).containsExactly("later");
    }

    /**
     * Ids of every allowed character and length up to 64, sent through the real broker as an
     * integration system would. The scanner's command key used to embed both ids and the date, and
     * outgrew its 128-character column for long ones: that mark failed on every scan, and so did
     * every review after it in the scan's order.
     */
    @Test
    void reviewsOfGeneratedIdsUpToTheirLimitsAreAllMarkedInOneScan() {
        Arbitrary<String> contractIds =
                Arbitraries.oneOf(idsOf(61, 61), idsOf(1, 61)).map(id -> "RV-" + id);
        Arbitrary<String> clauseIds = Arbitraries.oneOf(idsOf(64, 64), idsOf(1, 64));
        List<LeaveClauseOpen> clauses = Combinators.combine(
                        contractIds, clauseIds, Arbitraries.integers().between(1, 400))
                .as((contract, clause, daysBefore) -> open(
                        ContractId.of(contract),
                        clause,
                        LocalDate.parse("2027-03-05").minusDays(daysBefore).toString()))
                .list()
                .ofSize(16)
                .uniqueElements(LeaveClauseOpen::contractId)
                .sample();
        for (LeaveClauseOpen clause : clauses) {
            String contract = clause.contractId().value();
            assertAccepted(viaKafka(contract, Envelopes.envelope(Party.CLIENT, Envelopes.draft(contract))));
            assertAccepted(viaKafka(contract, Envelopes.envelope(Party.SUPPLIER, clause)));
        }

        ReviewScanner.Scan scan = scanner.scan(TODAY);

        assertThat(scan.failed()).isZero();
        for (LeaveClauseOpen clause : clauses) {
            assertThat(storedTypes(clause.contractId()))
                    .as(clause.contractId() + " / " + clause.clauseId())
                    .containsOnlyOnce("ReviewBecameDue")
                    .endsWith("ReviewBecameDue");
            assertThat(scheduledClauses(clause.contractId())).isEmpty();
        }
    }

    /** A review that fails for a bug is counted and left in place; the reviews after it are marked. */
    @Test
    void aReviewThatFailsIsLeftForTheNextScanAndTheOthersAreMarked() {
        ContractId broken = ContractId.of("REVIEW-BUG-1");
        ContractId fine = ContractId.of("REVIEW-BUG-2");
        draftWithOpenClause(broken, LONG_AGO);
        draftWithOpenClause(fine, LONG_AGO.plusDays(1));
        processor.bugForContract(broken.value());
        try {
            ReviewScanner.Scan scan = scanner.scan(TODAY);

            assertThat(scan.failed()).isEqualTo(1);
            assertThat(storedTypes(fine)).endsWith("ReviewBecameDue");
            assertThat(storedTypes(broken)).doesNotContain("ReviewBecameDue");
            assertThat(scheduledClauses(broken)).containsExactly("review");
        } finally {
            processor.fixContract(broken.value());
        }

        assertThat(scanner.scan(TODAY).failed()).isZero();
        assertThat(storedTypes(broken)).containsOnlyOnce("ReviewBecameDue");
    }

    /** The database out of reach: the scan ends there, leaves the rest, and the next one marks them all. */
    @Test
    void aTransientFailureEndsTheScanAndTheNextScanMarksTheRest() {
        ContractId first = ContractId.of("REVIEW-OUTAGE-1");
        ContractId second = ContractId.of("REVIEW-OUTAGE-2");
        draftWithOpenClause(first, LONG_AGO.minusDays(2));
        draftWithOpenClause(second, LONG_AGO.minusDays(1));
        processor.outageOnceForContract(first.value());

        ReviewScanner.Scan scan = scanner.scan(TODAY);

        assertThat(scan.failed()).isEqualTo(1);
        assertThat(scan.marked()).isZero();
        assertThat(storedTypes(second))
                .as("after the failure in the scan's order")
                .doesNotContain("ReviewBecameDue");

        scanner.scan(TODAY);
        assertThat(storedTypes(first)).containsOnlyOnce("ReviewBecameDue");
        assertThat(storedTypes(second)).containsOnlyOnce("ReviewBecameDue");
    }

    /** The database out of reach as the scan reads its due reviews: no error, and the next scan marks them. */
    @Test
    void aTransientFailureReadingTheDueReviewsEndsTheScanAndTheNextScanMarksThem() {
        ContractId id = ContractId.of("REVIEW-READ-OUTAGE-1");
        draftWithOpenClause(id, LONG_AGO.minusDays(3));
        AtomicBoolean outage = new AtomicBoolean(true);
        ReviewSchedule outOfReachOnce = new ReviewSchedule(jdbc) {
            @Override
            public List<DueReview> dueBefore(LocalDate today, DueReview after, int limit) {
                if (outage.getAndSet(false)) {
                    throw new TransientDataAccessResourceException("injected: the database connection was lost");
                }
                return super.dueBefore(today, after, limit);
            }
        };
        ReviewScanner scannerOnIt =
                new ReviewScanner(outOfReachOnce, batched, Clock.systemUTC(), new SimpleMeterRegistry(), 500);
        scannerOnIt.start();

        assertThat(scannerOnIt.scan(TODAY)).isEqualTo(new ReviewScanner.Scan(0, 0, 0));
        assertThat(storedTypes(id)).doesNotContain("ReviewBecameDue");

        scannerOnIt.scan(TODAY);
        assertThat(storedTypes(id)).containsOnlyOnce("ReviewBecameDue");
    }

    /** More reviews due than one page holds: one scan goes through all the pages. */
    @Test
    void aBacklogOfSeveralPagesIsMarkedInOneScan() {
        List<ContractId> contracts = List.of("A", "B", "C", "D", "E").stream()
                .map(suffix -> ContractId.of("REVIEW-PAGES-" + suffix))
                .toList();
        contracts.forEach(id -> draftWithOpenClause(id, LocalDate.parse("2027-01-15")));

        ReviewScanner.Scan scan = scanner.scan(TODAY, 2);

        assertThat(scan.marked()).isGreaterThanOrEqualTo(contracts.size());
        contracts.forEach(id -> assertThat(storedTypes(id)).as(id.value()).containsOnlyOnce("ReviewBecameDue"));
    }

    /**
     * Marked due, filled in, then reopened with the very same date: a second review is due. The
     * scanner's key used to be derived from contract, clause and date, so the second mark was
     * answered with the first one's stored result and never happened.
     */
    @Test
    void aClauseReopenedWithTheSameDateIsMarkedDueAgain() {
        ContractId id = ContractId.of("REVIEW-REOPENED-1");
        LocalDate reviewBy = LocalDate.parse("2027-02-01");
        activeWithOpenClause(id, reviewBy);
        scanner.scan(TODAY);
        send(id, Party.SUPPLIER, fillIn(id));
        send(id, Party.CLIENT, new AgreeToChange(id, ClauseId.of("review"), null));
        send(id, Party.SUPPLIER, open(id, "review", reviewBy.toString()));
        send(id, Party.CLIENT, new AgreeToChange(id, ClauseId.of("review"), null));

        scanner.scan(TODAY);

        assertThat(storedTypes(id).stream().filter("ReviewBecameDue"::equals)).hasSize(2);
        assertThat(storedTypes(id)).endsWith("ReviewBecameDue");
        assertThat(scheduledClauses(id)).isEmpty();
    }

    /**
     * Two instances: this one holds the contract with its clause filled in, another reopened it with
     * a date that has passed. The scan judges on the stored contract; on the cached one it refused
     * the mark as not due and removed the review for good.
     */
    @Test
    void aReviewIsJudgedOnTheStoredContractNotOnOneCachedBeforeAnotherWriterReopenedIt() {
        ContractId id = ContractId.of("REVIEW-STALE-1");
        activeWithOpenClause(id, LocalDate.parse("2027-06-01"));
        send(id, Party.SUPPLIER, fillIn(id));
        CommandResult agreed = send(id, Party.CLIENT, new AgreeToChange(id, ClauseId.of("review"), null));
        LocalDate reviewBy = LocalDate.parse("2027-02-01");
        LeaveClauseOpen reopen = open(id, "review", reviewBy.toString());
        long next = agreed.sequence() + 1;
        eventStore.publish(
                new GenericDomainEventMessage<>(
                        "Contract", id.value(), next, ChangeProposed.leaveOpen(reopen, Party.SUPPLIER, true)),
                new GenericDomainEventMessage<>(
                        "Contract",
                        id.value(),
                        next + 1,
                        new ChangeAgreed(
                                id,
                                ClauseId.of("review"),
                                ChangeKind.REOPEN,
                                Party.SUPPLIER,
                                Party.CLIENT,
                                ContractVersion.parse(agreed.contractVersion()).nextMinor(),
                                reviewBy,
                                null)));

        scanner.scan(TODAY);

        assertThat(storedTypes(id)).endsWith("ReviewBecameDue");
        assertThat(scheduledClauses(id)).isEmpty();
    }

    /**
     * A deploy's SIGTERM stops the scanner before the command batches and the connections close: the
     * review in hand is finished, the scan ends there, and the rest waits for the next scan. Before,
     * the scan ran on into a closing context and logged errors.
     */
    @Test
    void aStopDuringAScanFinishesTheReviewInHandAndLeavesTheRest() throws Exception {
        List<ContractId> contracts = List.of("A", "B", "C").stream()
                .map(suffix -> ContractId.of("REVIEW-STOP-" + suffix))
                .toList();
        for (int i = 0; i < contracts.size(); i++) {
            draftWithOpenClause(contracts.get(i), LocalDate.parse("2017-01-01").plusDays(i));
        }
        SlowResults slow = SlowResults.forContract(OwnerLogin.jdbc(dataSource), "review_test_slow", "REVIEW-STOP-A");
        try {
            CompletableFuture<ReviewScanner.Scan> scanning = CompletableFuture.supplyAsync(() -> scanner.scan(TODAY));
            await().atMost(Duration.ofSeconds(10)).until(slow::started);

            scanner.stop();

            assertThat(storedTypes(contracts.get(0)))
                    .as("the review in hand, finished before stop() returned")
                    .endsWith("ReviewBecameDue");
            ReviewScanner.Scan scan = scanning.get(5, TimeUnit.SECONDS);
            assertThat(scan.marked()).isEqualTo(1);
            assertThat(scan.failed()).isZero();
            assertThat(scheduledClauses(contracts.get(1))).containsExactly("review");
            assertThat(scheduledClauses(contracts.get(2))).containsExactly("review");
        } finally {
            scanner.start();
            slow.close();
        }

        scanner.scan(TODAY);
        contracts.forEach(id -> assertThat(storedTypes(id)).as(id.value()).containsOnlyOnce("ReviewBecameDue"));
    }

    /** A refusal removes the review it was about, not one set again since, even to the same date. */
    @Test
    void aRefusedReviewIsRemovedOnlyIfNothingSetItAgainSince() {
        ContractId id = ContractId.of("REVIEW-SETAGAIN-1");
        draftWithOpenClause(id, LocalDate.parse("2018-06-01"));
        ReviewSchedule.DueReview read = schedule.dueBefore(LocalDate.parse("2018-06-02"), null, 10).stream()
                .filter(review -> review.contractId().equals(id.value()))
                .findFirst()
                .orElseThrow();

        ReviewSchedule.DueReview setBefore = new ReviewSchedule.DueReview(
                read.contractId(), read.clauseId(), read.reviewBy(), read.scheduledAt() - 1);
        assertThat(schedule.unschedule(setBefore)).isFalse();
        assertThat(scheduledClauses(id)).containsExactly("review");
        assertThat(schedule.unschedule(read)).isTrue();
        assertThat(scheduledClauses(id)).isEmpty();
    }

    private static Arbitrary<String> idsOf(int min, int max) {
        return Arbitraries.strings().withChars(ID_CHARS).ofMinLength(min).ofMaxLength(max);
    }

    private void draftWithOpenClause(ContractId id, LocalDate reviewBy) {
        send(id, ContractScenario.draftContract(id));
        send(id, Party.SUPPLIER, open(id, "review", reviewBy.toString()));
    }

    /** Signed by both with the open clause: changes are proposals now. */
    private void activeWithOpenClause(ContractId id, LocalDate reviewBy) {
        draftWithOpenClause(id, reviewBy);
        send(id, Party.CLIENT, new SignContract(id));
        send(id, Party.SUPPLIER, new SignContract(id));
    }

    private static LeaveClauseOpen open(ContractId id, String clause, String reviewBy) {
        return new LeaveClauseOpen(
                id, ClauseId.of(clause), "Response time", "learn first", LocalDate.parse(reviewBy), null);
    }

    private static FillInClause fillIn(ContractId id) {
        return new FillInClause(id, ClauseId.of("review"), "Within 30 minutes.", null, null);
    }

    private CommandResult viaKafka(String key, tools.jackson.databind.node.ObjectNode envelope) {
        kafka.send(key, Envelopes.bytes(envelope));
        return kafka.awaitResult(envelope.get("commandId").asString());
    }

    private static void assertAccepted(CommandResult result) {
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    private List<String> scheduledClauses(ContractId id) {
        return jdbc.sql("SELECT clause_id FROM review_schedule WHERE contract_id = ? ORDER BY clause_id")
                .param(id.value())
                .query(String.class)
                .list();
    }

    private List<String> storedTypes(ContractId id) {
        return jdbc
                .sql(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(id.value())
                .query(String.class)
                .list()
                .stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    private void send(ContractId id, Object command) {
        send(id, Party.CLIENT, command);
    }

    private CommandResult send(ContractId id, Party party, Object command) {
        Issuance issuance = new Issuance(
                UUID.randomUUID().toString(),
                new Actor(party, party == Party.CLIENT ? "it@acme.example" : "desk@hostco.example"),
                Instant.parse("2027-01-10T10:00:00Z"),
                null,
                null);
        Object answer = commands.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).withMetaData(issuance.toMetaData()));
        CommandResult result = (CommandResult) ((java.util.concurrent.CompletableFuture<?>) answer).join();
        assertAccepted(result);
        return result;
    }
}
