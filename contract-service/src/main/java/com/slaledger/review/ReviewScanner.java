package com.slaledger.review;

import com.slaledger.api.Actor;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.command.MarkReviewDue;
import com.slaledger.contract.Issuance;
import com.slaledger.failure.Failures;
import com.slaledger.intake.BatchedCommands;
import com.slaledger.intake.Reading;
import com.slaledger.platform.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns passed review-by dates into {@code ReviewBecameDue} events by sending {@link MarkReviewDue}
 * to the contract. A scan over a table rather than Axon's in-memory deadline manager, so that no
 * review is lost when the service restarts (ADR 0003).
 *
 * <p>Each mark goes the way an HTTP command goes ({@link BatchedCommands}): the contract is read
 * afresh if another writer changed it (ADR 0014), and the answer is stored. The contract decides
 * whether the review is still due, on the stored state, so several instances may scan at once and a
 * review is marked once. One scan goes through every due review, a page at a time; a review that
 * fails is counted and left for the next scan, and the others go on. A transient failure (the
 * database out of reach) ends the scan, as the next one a minute later would meet it too.
 */
@Component
public class ReviewScanner implements SmartLifecycle {

    static final Actor SCANNER = Actor.system("sla-ledger/review-scanner");
    /** "/" is outside the senders' commandId pattern: no sender can claim the scanner's keys. */
    static final String COMMAND_ID_PREFIX = "sla-ledger/review-due/";

    private static final Logger log = LoggerFactory.getLogger(ReviewScanner.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    /** What one scan did: reviews marked, found no longer due (and unscheduled), and failed. */
    public record Scan(int marked, int settled, int failed) {}

    private final ReviewSchedule schedule;
    private final BatchedCommands commands;
    private final Clock clock;
    private final int pageSize;
    private final Counter marked;
    private final Counter failed;
    private final ReentrantLock scanning = new ReentrantLock();
    private volatile boolean running;

    public ReviewScanner(
            ReviewSchedule schedule,
            BatchedCommands commands,
            Clock clock,
            MeterRegistry registry,
            @Value("${sla.review.page-size:500}") int pageSize) {
        this.schedule = schedule;
        this.commands = commands;
        this.clock = clock;
        this.pageSize = Settings.atLeast("sla.review.page-size", pageSize, 1);
        this.marked = Counter.builder("sla.review.marked")
                .description("reviews marked due by the scan")
                .register(registry);
        this.failed = Counter.builder("sla.review.failed")
                .description("reviews the scan could not mark; each is tried again by the next scan")
                .register(registry);
    }

    @Scheduled(
            fixedDelayString = "${sla.review.scan-interval:PT1M}",
            initialDelayString = "${sla.review.initial-delay:PT10S}")
    public void scheduledScan() {
        Scan scan = scan(clock.instant());
        if (scan.marked() + scan.settled() + scan.failed() > 0) {
            log.info(
                    "review scan: {} marked due, {} no longer due, {} failed",
                    scan.marked(),
                    scan.settled(),
                    scan.failed());
        }
    }

    /** Marks every review whose date lies before the day of {@code now} (UTC). */
    public Scan scan(Instant now) {
        return scan(now, pageSize);
    }

    Scan scan(Instant now, int pageSize) {
        scanning.lock();
        try {
            LocalDate today = UtcCalendar.day(now);
            int[] counts = new int[Outcome.values().length];
            ReviewSchedule.DueReview after = null;
            pages:
            while (running) {
                List<ReviewSchedule.DueReview> page;
                try {
                    page = schedule.dueBefore(today, after, pageSize);
                } catch (RuntimeException failure) {
                    if (!Failures.isTransient(failure)) {
                        throw failure;
                    }
                    log.warn(
                            "review scan ended reading the due reviews, by a transient failure; the next scan goes on: {}",
                            failure.toString());
                    break;
                }
                for (ReviewSchedule.DueReview review : page) {
                    Outcome outcome = running ? mark(review, now) : Outcome.STOPPED;
                    counts[outcome.ordinal()]++;
                    if (outcome.endsTheScan) {
                        break pages;
                    }
                }
                if (page.size() < pageSize) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            return new Scan(
                    counts[Outcome.MARKED.ordinal()],
                    counts[Outcome.SETTLED.ordinal()],
                    counts[Outcome.FAILED.ordinal()] + counts[Outcome.FAILED_FOR_NOW.ordinal()]);
        } finally {
            scanning.unlock();
        }
    }

    private enum Outcome {
        MARKED(false),
        /** The contract refused: no longer due; the review was removed. */
        SETTLED(false),
        FAILED(false),
        /** A transient failure: the scan ends, the next one goes on. */
        FAILED_FOR_NOW(true),
        /** The service is stopping; nothing was counted for this review. */
        STOPPED(true);

        final boolean endsTheScan;

        Outcome(boolean endsTheScan) {
            this.endsTheScan = endsTheScan;
        }
    }

    private Outcome mark(ReviewSchedule.DueReview review, Instant now) {
        // A key of its own per attempt: a refusal stored under it (a CONFLICT with a racing writer)
        // must not answer the next scan's attempt. The contract's rule, not the key, makes it once.
        String commandId = COMMAND_ID_PREFIX + UUID.randomUUID();
        MarkReviewDue command = new MarkReviewDue(
                ContractId.of(review.contractId()), ClauseId.of(review.clauseId()), review.reviewBy());
        Issuance issuance = new Issuance(commandId, SCANNER, now, null, commandId);
        try {
            CommandResult result =
                    commands.process(new Reading.Parsed(MarkReviewDue.class.getSimpleName(), command, issuance));
            if (result.status() == CommandResult.Status.ACCEPTED) {
                marked.increment();
                return Outcome.MARKED;
            }
            if (result.code() == RejectionCode.CONFLICT) {
                log.info(
                        "review of {} / {} met a concurrent change; the next scan tries again",
                        review.contractId(),
                        review.clauseId());
                failed.increment();
                return Outcome.FAILED;
            }
            log.info("review of {} / {} no longer due: {}", review.contractId(), review.clauseId(), result.message());
            schedule.unschedule(review);
            return Outcome.SETTLED;
        } catch (RuntimeException failure) {
            if (!running) {
                log.info("review scan stopped with the service at {} / {}", review.contractId(), review.clauseId());
                return Outcome.STOPPED;
            }
            failed.increment();
            if (Failures.isTransient(failure)) {
                log.warn(
                        "review scan ended at {} / {} by a transient failure; the next scan goes on: {}",
                        review.contractId(),
                        review.clauseId(),
                        failure.toString());
                return Outcome.FAILED_FOR_NOW;
            }
            log.error(
                    "review of {} / {} could not be marked; the scan goes on, and the next one tries it again",
                    review.contractId(),
                    review.clauseId(),
                    failure);
            return Outcome.FAILED;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Lets a scan in progress finish its current review and end, before the connections and the
     * command batches it uses close: a deploy's SIGTERM must not cut a mark in half or log errors.
     */
    @Override
    public void stop() {
        running = false;
        try {
            if (scanning.tryLock(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                scanning.unlock();
            } else {
                log.warn("the review scan did not end within {}; stopping anyway", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
