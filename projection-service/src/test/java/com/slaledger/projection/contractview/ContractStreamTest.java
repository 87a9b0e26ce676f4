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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live streams: a client that stops reading never holds up the consumer, and is dropped. */
class ContractStreamTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger writes = new AtomicInteger();

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

    /** Every client of this stream has stopped reading: its writes block until released. */
    private final ContractStream stream =
            new ContractStream(clock, metrics, 2, 3, 3, Duration.ofSeconds(10), Duration.ofHours(1)) {
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
        return writingTo(write, 2, 3, 3);
    }

    private ContractStream writingTo(
            java.util.function.Consumer<String> write, int perContract, int perCaller, int total) {
        return new ContractStream(
                clock, metrics, perContract, perCaller, total, Duration.ofSeconds(10), Duration.ofHours(1)) {
            @Override
            protected SseEmitter newEmitter(long timeoutMillis) {
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(SseEventBuilder builder) {
                        write.accept(text(builder));
                    }
                };
            }
        };
    }

    /** The text an event puts on the wire. */
    private static String text(SseEmitter.SseEventBuilder builder) {
        return builder.build().stream()
                .map(part -> part.getData() instanceof byte[] json
                        ? new String(json, java.nio.charset.StandardCharsets.UTF_8)
                        : String.valueOf(part.getData()))
                .collect(java.util.stream.Collectors.joining());
    }

    private static ContractView view(String contractId) {
        return ContractFold.apply(null, Story.contract(contractId).envelopes().get(0));
    }

    @Test
    void aClientThatStopsReadingNeverHoldsUpThePublisherAndIsDropped() {
        stream.subscribe("S-1", "reader", () -> null, null);
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

    /**
     * A write that fails for a reason not the client's, an {@link Error} included, ends the stream:
     * left open, its full mailbox would take no further view and hold its place until its timeout.
     * The place is given back, and the next stream on the contract, with room for one, is served.
     */
    @ParameterizedTest
    @MethodSource("writeFailures")
    void aWriteThatFailsForAnotherReasonEndsTheStreamAndGivesItsPlaceBack(Throwable failure) {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContractStream failing =
                firstSubscriberMisbehaving(1, Duration.ofHours(1), () -> sneakyThrow(failure), ended::set, written);
        try {
            failing.subscribe("S-5", "reader", () -> view("S-5"), null);

            await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() != null);
            assertThat(ended.get()).isSameAs(failure);
            assertThat(failing.subscriberCount()).isZero();
            assertThat(failing.streamsOf("reader")).isZero();
            assertThat(metrics.counter("sla.projection.stream.dropped", "reason", "send-failed")
                            .count())
                    .isEqualTo(1.0);

            failing.subscribe("S-5", "reader", () -> view("S-5"), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
            failing.publish(ContractFold.replay(
                    Story.toTwoPointZero("S-5", "acme", "hostco").envelopes().subList(0, 2)));
            await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);
            assertThat(written.get(1)).contains("id:1");
        } finally {
            failing.closeAll();
        }
    }

    /**
     * A write refused because the stream had ended already (the emitter's own
     * {@code IllegalStateException}, with no cause), or because its client has gone, gives the
     * place back and ends nothing more: there is no request left to end, or the container ends it.
     */
    @ParameterizedTest
    @MethodSource("endedOrGone")
    void aWriteToAStreamThatHasEndedOrLostItsClientOnlyGivesItsPlaceBack(Throwable failure) {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        ContractStream failing = firstSubscriberMisbehaving(
                1, Duration.ofHours(1), () -> sneakyThrow(failure), ended::set, new ArrayList<>());
        try {
            failing.subscribe("S-6", "reader", () -> view("S-6"), null);

            await().atMost(Duration.ofSeconds(5)).until(() -> failing.subscriberCount() == 0);
            await("not ended as a failure")
                    .during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> ended.get() == null);
            assertThat(metrics.counter("sla.projection.stream.dropped", "reason", "send-failed")
                            .count())
                    .isEqualTo(1.0);
        } finally {
            failing.closeAll();
        }
    }

    /**
     * A client that goes before its stream's headers are sent: the stream is ended and its place
     * given back there and then, not at its next write (no heartbeat comes in this test's hour),
     * and no write is kept for a request that never started.
     */
    @Test
    void aClientThatGoesBeforeItsHeadersAreSentGivesItsPlaceBackAtOnce() {
        ContractStream plain = new ContractStream(clock, metrics, 2, 3, 3, Duration.ofSeconds(10), Duration.ofHours(1));
        try {
            SseEmitter emitter = plain.subscribe("S-7", "reader", () -> view("S-7"), null);
            assertThatThrownBy(() -> ((ContractStream.HeadersFirst) emitter).extendResponse(goneBeforeOpen()))
                    .as("the request ends before its asynchronous part starts")
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasCauseInstanceOf(IOException.class);

            assertThat(plain.subscriberCount()).isZero();
            assertThat(plain.streamsOf("reader")).isZero();
            assertThat(metrics.counter("sla.projection.stream.dropped", "reason", "gone-before-open")
                            .count())
                    .isEqualTo(1.0);
            assertThatThrownBy(() -> emitter.send(SseEmitter.event().comment("late")))
                    .as("a write after the client went is refused, not kept")
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            plain.closeAll();
        }
    }

    /** A response whose connection has gone: its flush fails. */
    private static org.springframework.http.server.ServerHttpResponse goneBeforeOpen() {
        return new org.springframework.http.server.ServerHttpResponse() {
            private final org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();

            @Override
            public void setStatusCode(org.springframework.http.HttpStatusCode status) {}

            @Override
            public org.springframework.http.HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public java.io.OutputStream getBody() {
                return java.io.OutputStream.nullOutputStream();
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void close() {}
        };
    }

    static List<Throwable> endedOrGone() {
        return List.of(
                new IllegalStateException("ResponseBodyEmitter has already completed"), new IOException("Broken pipe"));
    }

    /**
     * A stream, its bounds each {@code limit}, whose first subscriber's writes do {@code firstSend}
     * and whose ending with an error does {@code firstEnded}; every later subscriber's writes go to
     * {@code written}, as the text they put on the wire.
     */
    private ContractStream firstSubscriberMisbehaving(
            int limit,
            Duration heartbeat,
            Runnable firstSend,
            java.util.function.Consumer<Throwable> firstEnded,
            List<String> written) {
        return new ContractStream(clock, metrics, limit, limit, limit, Duration.ofSeconds(10), heartbeat) {
            @Override
            protected SseEmitter newEmitter(long timeoutMillis) {
                boolean first = writes.getAndIncrement() == 0;
                return new SseEmitter(timeoutMillis) {
                    @Override
                    public void send(SseEventBuilder builder) {
                        if (first) {
                            firstSend.run();
                        } else {
                            written.add(text(builder));
                        }
                    }

                    @Override
                    public void completeWithError(Throwable ex) {
                        if (first) {
                            firstEnded.accept(ex);
                        } else {
                            super.completeWithError(ex);
                        }
                    }
                };
            }
        };
    }

    static List<Throwable> writeFailures() {
        return List.of(
                new IllegalArgumentException("a view that cannot be written"),
                // How ResponseBodyEmitter reports every failure of a write that is not an IOException:
                // a converter's, or a servlet response's left broken by two threads writing headers.
                new IllegalStateException(
                        "Failed to send", new IllegalArgumentException("a view that cannot be written")),
                new IllegalStateException("Failed to send", new NullPointerException("a header with no name")),
                new StackOverflowError("a view nested too deep"),
                new NoClassDefFoundError("com/example/Gone"),
                new AssertionError("a broken invariant"),
                new OutOfMemoryError("Java heap space"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }

    @Test
    void aClientThatStopsReadingAQuietContractIsDroppedByTheHeartbeat() {
        stream.subscribe("S-7", "reader", () -> view("S-7"), null);
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
        beating.subscribe("S-8", "reader", () -> view("S-8"), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);

        clock.advance(Duration.ofMinutes(59));
        beating.beat();
        beating.publish(view("S-8").withLastSequence(view("S-8").lastSequence() + 1));
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
        ordered.subscribe("S-6", "reader", () -> null, null);
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
    void subscribersAreBoundedPerContractPerCallerAndInTotal() {
        ContractStream bounded = writingTo(event -> {}, 2, 2, 4);
        bounded.subscribe("S-2", "ann", () -> null, null);
        bounded.subscribe("S-2", "bob", () -> null, null);
        assertRefused(() -> bounded.subscribe("S-2", "cat", () -> null, null), RejectionCode.TOO_MANY_SUBSCRIBERS);
        bounded.subscribe("S-3", "ann", () -> null, null);
        assertRefused(() -> bounded.subscribe("S-4", "ann", () -> null, null), RejectionCode.TOO_MANY_STREAMS);
        bounded.subscribe("S-4", "bob", () -> null, null);
        assertRefused(() -> bounded.subscribe("S-5", "cat", () -> null, null), RejectionCode.SUBSCRIBERS_FULL);

        assertThat(bounded.subscriberCount()).isEqualTo(4);
        assertThat(bounded.subscriberCount("S-2")).isEqualTo(2);
        assertThat(bounded.streamsOf("ann")).isEqualTo(2);
        assertThat(bounded.streamsOf("cat")).isZero();
        for (RejectionCode code : List.of(
                RejectionCode.TOO_MANY_SUBSCRIBERS, RejectionCode.TOO_MANY_STREAMS, RejectionCode.SUBSCRIBERS_FULL)) {
            assertThat(metrics.counter("sla.projection.stream.refused", "code", code.name())
                            .count())
                    .as(code.name())
                    .isEqualTo(1.0);
        }
    }

    /**
     * Callers subscribing and leaving in any order: each subscription is admitted exactly when the
     * contract, the caller and the service are all under their bounds, in that order of refusal,
     * and a subscriber that leaves gives its place back to all three counts.
     */
    @Property(tries = 60)
    void admissionFollowsTheThreeBoundsWhateverTheOrder(@ForAll("steps") List<Step> steps) {
        Set<SseEmitter> gone = ConcurrentHashMap.newKeySet();
        int perContract = 3;
        int perCaller = 4;
        int total = 6;
        ContractStream bounded =
                new ContractStream(
                        clock, metrics, perContract, perCaller, total, Duration.ofSeconds(10), Duration.ofHours(1)) {
                    @Override
                    protected SseEmitter newEmitter(long timeoutMillis) {
                        return new SseEmitter(timeoutMillis) {
                            @Override
                            public void send(SseEventBuilder builder) throws IOException {
                                if (gone.contains(this)) {
                                    throw new IOException("the client is gone");
                                }
                            }
                        };
                    }
                };
        record Open(String caller, String contract, SseEmitter emitter) {}
        List<Open> open = new ArrayList<>();
        long sequence = 0;
        for (Step step : steps) {
            if (step.leave() && !open.isEmpty()) {
                Open leaving = open.remove(step.pick() % open.size());
                gone.add(leaving.emitter());
                bounded.publish(view(leaving.contract()).withLastSequence(++sequence));
                await().atMost(Duration.ofSeconds(5)).until(() -> bounded.subscriberCount() == open.size());
            } else if (!step.leave()) {
                String contract = "P-" + step.contract();
                String caller = "caller-" + step.caller();
                RejectionCode expected = open.stream()
                                        .filter(o -> o.contract().equals(contract))
                                        .count()
                                >= perContract
                        ? RejectionCode.TOO_MANY_SUBSCRIBERS
                        : open.stream().filter(o -> o.caller().equals(caller)).count() >= perCaller
                                ? RejectionCode.TOO_MANY_STREAMS
                                : open.size() >= total ? RejectionCode.SUBSCRIBERS_FULL : null;
                if (expected == null) {
                    open.add(new Open(caller, contract, bounded.subscribe(contract, caller, () -> null, null)));
                } else {
                    assertRefused(() -> bounded.subscribe(contract, caller, () -> null, null), expected);
                }
            }
            assertThat(bounded.subscriberCount()).isEqualTo(open.size());
            assertThat(bounded.contractsWatched())
                    .as("contracts watched")
                    .isEqualTo(open.stream().map(Open::contract).distinct().count());
            for (int i = 0; i < 4; i++) {
                String contract = "P-" + i;
                String caller = "caller-" + i;
                assertThat(bounded.subscriberCount(contract))
                        .as(contract)
                        .isEqualTo(open.stream()
                                .filter(o -> o.contract().equals(contract))
                                .count());
                assertThat(bounded.streamsOf(caller))
                        .as(caller)
                        .isEqualTo(open.stream()
                                .filter(o -> o.caller().equals(caller))
                                .count());
            }
        }
        bounded.closeAll();
    }

    record Step(boolean leave, int caller, int contract, int pick) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 9).map(n -> n < 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 99))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    /** Many callers arriving at once never pass a bound: the three are checked and taken together. */
    @Test
    void subscribersArrivingAtOnceNeverPassABound() throws Exception {
        ContractStream bounded = writingTo(event -> {}, 5, 3, 1_000);
        int threads = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                String contract = "R-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<java.util.concurrent.Future<Boolean>> admitted = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String caller = "round-" + round + "-caller-" + (t % 2);
                    admitted.add(pool.submit(() -> {
                        start.await();
                        try {
                            bounded.subscribe(contract, caller, () -> null, null);
                            return true;
                        } catch (CommandRejectedException refused) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                long in = 0;
                for (var future : admitted) {
                    in += future.get() ? 1 : 0;
                }
                assertThat(in).as("round %d admitted", round).isEqualTo(5);
                assertThat(bounded.subscriberCount(contract)).isEqualTo(5);
                assertThat(bounded.streamsOf("round-" + round + "-caller-0")).isLessThanOrEqualTo(3);
                assertThat(bounded.streamsOf("round-" + round + "-caller-1")).isLessThanOrEqualTo(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The first view is read once the subscriber is registered: a view committed while the stream
     * opens reaches it, and the older view read after it is not sent after it.
     */
    @Test
    void aViewCommittedWhileAStreamOpensIsNeitherMissedNorFollowedByAnOlderOne() {
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContractStream opening = writingTo(written::add, 2, 3, 3);
        ContractView first = view("S-9");
        opening.subscribe(
                "S-9",
                "reader",
                () -> {
                    // The consumer commits sequence 5 while the endpoint's read still gives 4.
                    opening.publish(first.withLastSequence(5));
                    return first.withLastSequence(4);
                },
                null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !written.isEmpty());
        opening.publish(first.withLastSequence(5));
        opening.publish(first.withLastSequence(6));

        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);
        assertThat(written.stream()
                        .map(w -> w.replaceAll("(?s).*id:(\\d+).*", "$1"))
                        .toList())
                .as("the view committed while the stream opened, then the next; never the older one read")
                .containsExactly("5", "6");
    }

    /**
     * The heartbeats run on a scheduled task, which is never run again once it throws: a subscriber
     * whose heartbeat fails, even with an {@link Error}, is dropped alone, and the others still get
     * theirs.
     */
    @Test
    void aHeartbeatThatFailsForOneSubscriberKeepsBeatingForTheOthers() {
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        ContractStream beating = firstSubscriberMisbehaving(
                3,
                Duration.ofMillis(100),
                () -> {
                    try {
                        never.await(); // stopped reading
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                ended -> {
                    // An Error, not only an exception, would end the scheduled task.
                    throw new NoClassDefFoundError("org/example/GoneWhileEnding");
                },
                written);
        try {
            beating.subscribe("S-10", "reader", () -> view("S-10"), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() == 1);
            clock.advance(Duration.ofSeconds(11)); // the first subscriber has stalled
            await("the failing subscriber dropped")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> beating.subscriberCount() == 0);

            beating.subscribe("S-11", "reader", () -> view("S-11"), null);
            await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
            clock.advance(Duration.ofSeconds(1));
            await("a heartbeat after the failure")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> written.stream().anyMatch(line -> line.startsWith(":heartbeat")));
        } finally {
            never.countDown();
            beating.closeAll();
        }
    }

    /**
     * The first view is read after the subscriber takes its places: when that read fails (the
     * database down, say) the places are given back, the failure reaches the caller, and the next
     * stream is served.
     */
    @Test
    void aFirstViewThatCannotBeReadGivesThePlacesBackAndTheNextStreamIsServed() {
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContractStream opening = writingTo(written::add, 1, 1, 1);
        assertThatThrownBy(() -> opening.subscribe(
                        "S-12",
                        "reader",
                        () -> {
                            throw new IllegalStateException("the database did not answer");
                        },
                        null))
                .hasMessage("the database did not answer");
        assertThat(opening.subscriberCount()).isZero();
        assertThat(opening.streamsOf("reader")).isZero();
        assertThat(opening.contractsWatched()).isZero();

        opening.subscribe("S-12", "reader", () -> view("S-12"), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        assertThat(opening.subscriberCount("S-12")).isEqualTo(1);
    }

    private static void assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable subscribe, RejectionCode code) {
        assertThatThrownBy(subscribe)
                .isInstanceOfSatisfying(
                        CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aStreamLastsUntilItsTokenExpiresAndAtMostHalfAnHour() {
        java.util.List<Long> timeouts = new java.util.ArrayList<>();
        ContractStream timed =
                new ContractStream(clock, metrics, 5, 5, 5, Duration.ofSeconds(10), Duration.ofHours(1)) {
                    @Override
                    protected SseEmitter newEmitter(long timeoutMillis) {
                        timeouts.add(timeoutMillis);
                        return new SseEmitter(timeoutMillis);
                    }
                };

        timed.subscribe("T-1", "reader", () -> null, clock.instant().plusSeconds(90));
        timed.subscribe("T-1", "reader", () -> null, clock.instant().plus(Duration.ofHours(8)));
        timed.subscribe("T-1", "reader", () -> null, null);
        timed.subscribe("T-1", "reader", () -> null, clock.instant().minusSeconds(30));

        assertThat(timeouts).containsExactly(90_000L, 1_800_000L, 1_800_000L, 1L);
    }
}
