package com.slaledger.projection.contractview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.MutableClock;
import com.slaledger.testsupport.Story;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live streams: a client that stops reading never holds up the consumer, and is dropped. */
class ContractStreamTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger writes = new AtomicInteger();

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

    /** Every client of this stream has stopped reading: its writes block until released. */
    private final ContractStream stream =
            new ContractStream(clock, metrics, 2, 3, Duration.ofSeconds(10), Duration.ofHours(1)) {
                @Override
                protected SseEmitter newEmitter(long timeoutMillis) {
                    return new SseEmitter(timeoutMillis) {
                        @Override
                        public void send(SseEventBuilder builder) throws IOException {
                            writes.incrementAndGet();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            throw new IOException("the client is gone");
                        }
                    };
                }
            };

    @AfterEach
    void releaseWriters() {
        release.countDown();
    }

    /**
     * A stream whose clients read at once, each write handed to {@code write} as the text it puts on
     * the wire; heartbeats only when a test calls {@link ContractStream#beat()}.
     */
    private ContractStream writingTo(java.util.function.Consumer<String> write) {
        return new ContractStream(clock, metrics, 2, 3, Duration.ofSeconds(10), Duration.ofHours(1)) {
            @Override
            protected SseEmitter newEmitter(long timeoutMillis) {
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(SseEventBuilder builder) {
                        write.accept(builder.build().stream()
                                .map(part -> String.valueOf(part.getData()))
                                .collect(java.util.stream.Collectors.joining()));
                    }
                };
            }
        };
    }

    private static ContractView view(String contractId) {
        return ContractFold.apply(null, Story.contract(contractId).envelopes().get(0));
    }

    @Test
    void aClientThatStopsReadingNeverHoldsUpThePublisherAndIsDropped() {
        stream.subscribe("S-1", null, null);
        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            stream.publish(view("S-1"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() == 1);
        assertThat(stream.subscriberCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        stream.publish(view("S-1"));

        assertThat(stream.subscriberCount()).isZero();
        assertThat(metrics.counter("sla.projection.stream.dropped", "reason", "stalled")
                        .count())
                .isEqualTo(1.0);
        assertThat(writes.get())
                .as("one write under way per subscriber, newer views replace unsent ones")
                .isEqualTo(1);
    }

    @Test
    void aWriteThatFailsForAnotherReasonEndsTheStreamInsteadOfLeavingItOpen() {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        ContractStream failing = new ContractStream(clock, metrics, 2, 3, Duration.ofSeconds(10), Duration.ofHours(1)) {
            @Override
            protected SseEmitter newEmitter(long timeoutMillis) {
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(SseEventBuilder builder) {
                        throw new IllegalArgumentException("a view that cannot be written");
                    }

                    @Override
                    public void completeWithError(Throwable ex) {
                        ended.set(ex);
                    }
                };
            }
        };

        failing.subscribe("S-5", view("S-5"), null);

        await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() != null);
        assertThat(ended.get()).hasMessage("a view that cannot be written");
        assertThat(failing.subscriberCount()).isZero();
        assertThat(metrics.counter("sla.projection.stream.dropped", "reason", "send-failed")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aClientThatStopsReadingAQuietContractIsDroppedByTheHeartbeat() {
        stream.subscribe("S-7", view("S-7"), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() == 1);

        clock.advance(Duration.ofSeconds(11));
        stream.beat();

        assertThat(stream.subscriberCount()).isZero();
        assertThat(metrics.counter("sla.projection.stream.dropped", "reason", "stalled")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aHeartbeatIsWrittenOnlyAfterAHeartbeatWithNothingWritten() {
        java.util.List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContractStream beating =
                writingTo(event -> written.add(event.lines().findFirst().orElseThrow()));
        beating.subscribe("S-8", view("S-8"), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);

        clock.advance(Duration.ofMinutes(59));
        beating.beat();
        beating.publish(view("S-8"));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);
        clock.advance(Duration.ofMinutes(59));
        beating.beat();
        clock.advance(Duration.ofMinutes(2));
        beating.beat();

        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 3);
        assertThat(written).containsExactly("event:contract", "event:contract", ":heartbeat");
    }

    /**
     * However the consumer's views and the sender's writes interleave, one write is under way per
     * subscriber and the client gets its views in the order of their sequences, the newest last.
     */
    @Test
    void aSubscriberGetsItsViewsOneWriteAtATimeInOrderAndTheNewestLast() throws Exception {
        java.util.List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger underWay = new AtomicInteger();
        AtomicInteger mostUnderWay = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong lastSent = new java.util.concurrent.atomic.AtomicLong();
        ContractStream ordered = writingTo(event -> {
            mostUnderWay.accumulateAndGet(underWay.incrementAndGet(), Math::max);
            java.util.regex.Matcher id =
                    java.util.regex.Pattern.compile("id:(\\d+)").matcher(event);
            if (id.find()) {
                sent.add(Long.parseLong(id.group(1)));
                lastSent.set(Long.parseLong(id.group(1)));
            }
            Thread.onSpinWait();
            underWay.decrementAndGet();
        });
        ContractView first = view("S-6");
        ordered.subscribe("S-6", null, null);
        // Each view is offered as the write of the one before it ends: just when the sender empties
        // its mailbox, the moment a second sender could start beside it.
        int views = 100_000;
        for (int sequence = 1; sequence <= views; sequence++) {
            ordered.publish(first.withLastSequence(sequence));
            long deadline = System.nanoTime() + 1_000_000;
            while (lastSent.get() < sequence && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !sent.isEmpty() && sent.get(sent.size() - 1) == views && underWay.get() == 0);
        assertThat(mostUnderWay.get()).as("writes under way at once").isEqualTo(1);
        assertThat(sent).as("views in the order of their sequences").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void subscribersAreBoundedPerContractAndInTotal() {
        stream.subscribe("S-2", null, null);
        stream.subscribe("S-2", null, null);
        assertThatThrownBy(() -> stream.subscribe("S-2", null, null))
                .isInstanceOfSatisfying(
                        CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_MANY_SUBSCRIBERS));
        stream.subscribe("S-3", null, null);
        assertThatThrownBy(() -> stream.subscribe("S-4", null, null))
                .isInstanceOfSatisfying(
                        CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.SUBSCRIBERS_FULL));
        assertThat(stream.subscriberCount()).isEqualTo(3);
        assertThat(stream.subscriberCount("S-2")).isEqualTo(2);
    }

    @Test
    void aStreamLastsUntilItsTokenExpiresAndAtMostHalfAnHour() {
        java.util.List<Long> timeouts = new java.util.ArrayList<>();
        ContractStream timed = new ContractStream(clock, metrics, 5, 5, Duration.ofSeconds(10), Duration.ofHours(1)) {
            @Override
            protected SseEmitter newEmitter(long timeoutMillis) {
                timeouts.add(timeoutMillis);
                return new SseEmitter(timeoutMillis);
            }
        };

        timed.subscribe("T-1", null, clock.instant().plusSeconds(90));
        timed.subscribe("T-1", null, clock.instant().plus(Duration.ofHours(8)));
        timed.subscribe("T-1", null, null);
        timed.subscribe("T-1", null, clock.instant().minusSeconds(30));

        assertThat(timeouts).containsExactly(90_000L, 1_800_000L, 1_800_000L, 1L);
    }
}
