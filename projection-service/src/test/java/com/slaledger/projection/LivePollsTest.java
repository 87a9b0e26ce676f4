package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.testsupport.Story;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How the live consumer's polls take what arrives, through the real broker. */
@ProjectionServiceTest
class LivePollsTest {

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry metrics;

    @AfterEach
    void dropTheSlowInsert() {
        jdbc.sql("DROP TRIGGER IF EXISTS live_polls_slow ON event_log").update();
        jdbc.sql("DROP FUNCTION IF EXISTS live_polls_slow()").update();
        jdbc.sql("DROP SEQUENCE IF EXISTS live_polls_slow_started").update();
    }

    /**
     * Events that arrive while a poll is applied are applied together by the next poll. The consumer
     * sends its next fetch as it hands a poll over; answered at once, that fetch would bring only the
     * first of them, and the second would wait for the poll after (ADR 0009, {@code
     * sla.projection.fetch-wait}).
     */
    @Test
    void eventsThatArriveWhileAPollIsAppliedAreAppliedTogetherByTheNextPoll() {
        String contract = "P-HELD-" + UUID.randomUUID().toString().substring(0, 8);
        List<EventEnvelope> story = Story.contract(contract)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .envelopes();
        slowInsertOf(story.get(0));
        DistributionSummary polls = metrics.get("sla.projection.poll.size").summary();
        long before = polls.count();

        events.publish(story.subList(0, 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("SELECT is_called FROM live_polls_slow_started")
                        .query(Boolean.class)
                        .single());
        // Each well after the fetch sent as the slow poll was handed over has had its hold (or,
        // without one, its answer), and while the slow event is still being applied.
        awaitStillApplying(contract);
        events.publish(story.subList(1, 2));
        awaitStillApplying(contract);
        events.publish(story.subList(2, 3));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lastSequence(contract) == story.get(2).sequence());
        assertThat(polls.count() - before)
                .as("the slow event's poll, then one poll for both that arrived during it")
                .isEqualTo(2);
    }

    /** Waits 100 ms, and requires that the slow event is not applied yet. */
    private void awaitStillApplying(String contract) {
        await().pollDelay(Duration.ofMillis(100))
                .atMost(Duration.ofMillis(500))
                .until(() -> lastSequence(contract) == -1);
    }

    /**
     * Storing this event takes a second; a sequence, which no transaction holds back, shows when it
     * has begun.
     */
    private void slowInsertOf(EventEnvelope first) {
        jdbc.sql("CREATE SEQUENCE live_polls_slow_started").update();
        jdbc.sql("""
                        CREATE FUNCTION live_polls_slow() RETURNS trigger AS $$
                        BEGIN
                            IF NEW.contract_id = '%s' AND NEW.sequence = %s THEN
                                PERFORM nextval('live_polls_slow_started');
                                PERFORM pg_sleep(1);
                            END IF;
                            RETURN NEW;
                        END $$ LANGUAGE plpgsql""".formatted(first.contractId(), first.sequence())).update();
        jdbc.sql("CREATE TRIGGER live_polls_slow BEFORE INSERT ON event_log FOR EACH ROW"
                        + " EXECUTE FUNCTION live_polls_slow()")
                .update();
    }

    private long lastSequence(String contract) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), -1) FROM contract_view WHERE contract_id = ?")
                .param(contract)
                .query(Long.class)
                .single();
    }
}
