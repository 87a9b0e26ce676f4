package com.slaledger.review;

import com.slaledger.api.Actor;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.ContractId;
import com.slaledger.api.UtcCalendar;
import com.slaledger.api.command.MarkReviewDue;
import com.slaledger.contract.Issuance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns passed review-by dates into {@code ReviewBecameDue} events by sending {@link MarkReviewDue}
 * to the contract. A scan over a table rather than Axon's in-memory deadline manager, so that no
 * review is lost when the service restarts (ADR 0003). The command id is derived from the clause
 * and date, so a second scanner instance or a retry cannot mark a review twice.
 */
@Component
public class ReviewScanner {

    static final Actor SCANNER = Actor.system("sla-ledger/review-scanner");
    private static final Logger log = LoggerFactory.getLogger(ReviewScanner.class);

    private final ReviewSchedule schedule;
    private final CommandGateway commands;
    private final Clock clock;

    public ReviewScanner(ReviewSchedule schedule, CommandGateway commands, Clock clock) {
        this.schedule = schedule;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${sla.review.scan-interval:PT1M}",
            initialDelayString = "${sla.review.initial-delay:PT10S}")
    public void scheduledScan() {
        scan(clock.instant());
    }

    /** Marks every review whose date lies before the day of {@code now} (UTC); returns how many were marked. */
    public int scan(Instant now) {
        List<ReviewSchedule.DueReview> due = schedule.dueBefore(UtcCalendar.day(now), 500);
        int marked = 0;
        for (ReviewSchedule.DueReview review : due) {
            // "/" is outside the senders' commandId pattern: no sender can claim this key in advance.
            String commandId =
                    "sla-ledger/review-due/" + review.contractId() + "/" + review.clauseId() + "/" + review.reviewBy();
            Issuance issuance = new Issuance(commandId, SCANNER, now, null, commandId);
            try {
                commands.sendAndWait(
                        org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage(new MarkReviewDue(
                                        ContractId.of(review.contractId()),
                                        ClauseId.of(review.clauseId()),
                                        review.reviewBy()))
                                .withMetaData(issuance.toMetaData()));
                marked++;
            } catch (CommandRejectedException rejected) {
                log.info(
                        "review of {} / {} no longer due: {}",
                        review.contractId(),
                        review.clauseId(),
                        rejected.getMessage());
                schedule.unschedule(review.contractId(), review.clauseId());
            }
        }
        return marked;
    }
}
