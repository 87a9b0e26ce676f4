package com.slaledger.projection.contractview;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractView;
import com.slaledger.platform.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events per contract: every subscriber gets the newest view after each applied event.
 *
 * <p>The consumer thread never writes to a client: {@link #publish} only leaves the view in each
 * subscriber's one-slot mailbox (a newer view replaces an unsent one, since each view is whole),
 * and a sender thread writes it out: at most one write per subscriber is under way, on a thread
 * of its own, so a client that stops reading holds up nobody else. A subscriber whose write has not
 * finished within {@code sla.projection.stream.stall-timeout} has stopped reading and is dropped.
 * A subscriber nothing was written to for {@code sla.projection.stream.heartbeat} gets a comment
 * line, so a client that has gone, or stopped reading, is found on a contract with no new events
 * too, instead of holding its place until the stream's timeout.
 * Subscribers are bounded per contract (429 {@code TOO_MANY_SUBSCRIBERS}), per caller across all
 * contracts (429 {@code TOO_MANY_STREAMS}), so that one caller cannot take every place, and in
 * total (503 {@code SUBSCRIBERS_FULL}); the three are checked and taken together, so no bound is
 * passed by subscribers arriving at once. Each refusal counts in {@code sla.projection.stream.refused}
 * and each subscriber that leaves in {@code sla.projection.stream.dropped}, under its reason.
 *
 * <p>A subscriber is registered before its first view is read, and a view older than one it was
 * already given is not given again: a view committed while a stream opens is neither missed nor
 * followed by an older one. A stream's status line and headers are sent by the request's thread
 * before the endpoint returns ({@link HeadersFirst}); the senders write only its body.
 */
@Component
public class ContractStream {

    /** Clients reconnect after this; an SSE client does so by itself. */
    private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private static final Logger log = LoggerFactory.getLogger(ContractStream.class);

    /** In a subscriber's mailbox: a comment line is to be written, no view being due. */
    private static final Object HEARTBEAT = new Object();

    /** Read without a lock by {@link #publish}; changed only while holding {@link #places}. */
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

    /** Taken to admit or drop a subscriber: the three bounds are checked and counted together. */
    private final Object places = new Object();

    /** Open streams per caller; guarded by {@link #places}, a caller removed at none. */
    private final Map<String, Integer> perCaller = new HashMap<>();

    private final AtomicInteger total = new AtomicInteger();
    private final ExecutorService senders;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final int maxPerContract;
    private final int maxPerCaller;
    private final int maxTotal;
    private final Duration stallTimeout;
    private final Duration heartbeat;
    private final ScheduledExecutorService beats;

    public ContractStream(
            Clock clock,
            MeterRegistry metrics,
            @Value("${sla.projection.stream.max-per-contract:20}") int maxPerContract,
            @Value("${sla.projection.stream.max-per-caller:50}") int maxPerCaller,
            @Value("${sla.projection.stream.max-total:500}") int maxTotal,
            @Value("${sla.projection.stream.stall-timeout:PT10S}") Duration stallTimeout,
            @Value("${sla.projection.stream.heartbeat:PT15S}") Duration heartbeat) {
        this.clock = clock;
        this.metrics = metrics;
        this.maxPerContract = Settings.atLeast("sla.projection.stream.max-per-contract", maxPerContract, 1);
        this.maxPerCaller = Settings.atLeast("sla.projection.stream.max-per-caller", maxPerCaller, 1);
        this.maxTotal = Settings.atLeast("sla.projection.stream.max-total", maxTotal, 1);
        this.stallTimeout = Settings.positive("sla.projection.stream.stall-timeout", stallTimeout);
        this.heartbeat = Settings.positive("sla.projection.stream.heartbeat", heartbeat);
        // One thread per write under way, at most one write per subscriber: bounded by maxTotal.
        this.senders =
                new ThreadPoolExecutor(0, maxTotal + 1, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "contract-stream-sender");
                    thread.setDaemon(true);
                    // Only a failing JVM's error leaves a sender; it goes to the log, not to stderr.
                    thread.setUncaughtExceptionHandler(
                            (sender, fatal) -> log.error("a live-stream sender ended: {}", fatal.toString(), fatal));
                    return thread;
                });
        this.beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "contract-stream-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, this.heartbeat.toMillis() / 2);
        beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A new subscriber of the contract for {@code caller} (its token's subject; callers without one
     * share one allowance), first sent the view {@code current} gives, which is read once the
     * subscriber is registered. Its stream ends at {@code until} (when the token that opened it is
     * refused from; null for none) or after 30 minutes, whichever comes first: a token does not go
     * on receiving views once it would be refused.
     */
    public SseEmitter subscribe(String contractId, String caller, Supplier<ContractView> current, Instant until) {
        String callerKey = callerKey(caller);
        long untilExpiry = until == null
                ? Long.MAX_VALUE
                : Duration.between(clock.instant(), until).toMillis();
        Subscriber subscriber;
        synchronized (places) {
            List<Subscriber> list = subscribers.get(contractId);
            if (list != null && list.size() >= maxPerContract) {
                throw refused(
                        RejectionCode.TOO_MANY_SUBSCRIBERS,
                        "contract " + contractId + " has " + maxPerContract + " live subscribers already");
            }
            if (perCaller.getOrDefault(callerKey, 0) >= maxPerCaller) {
                throw refused(
                        RejectionCode.TOO_MANY_STREAMS, "you have " + maxPerCaller + " live streams open already");
            }
            if (total.get() >= maxTotal) {
                throw refused(
                        RejectionCode.SUBSCRIBERS_FULL, "the service has " + maxTotal + " live subscribers already");
            }
            if (list == null) {
                list = new CopyOnWriteArrayList<>();
                subscribers.put(contractId, list);
            }
            subscriber = new Subscriber(
                    contractId, callerKey, newEmitter(Math.max(1, Math.min(TIMEOUT_MILLIS, untilExpiry))), list);
            list.add(subscriber);
            perCaller.merge(callerKey, 1, Integer::sum);
            total.incrementAndGet();
        }
        String timedOut = untilExpiry <= TIMEOUT_MILLIS ? "token-expired" : "timeout";
        subscriber.emitter.onCompletion(() -> subscriber.drop("completed"));
        subscriber.emitter.onTimeout(() -> {
            subscriber.drop(timedOut);
            subscriber.emitter.complete();
        });
        subscriber.emitter.onError(error -> {
            subscriber.drop("error");
            log.debug("the stream of a subscriber of {} failed", contractId, error);
        });
        if (subscriber.emitter instanceof HeadersFirst headersFirst) {
            headersFirst.whenGoneBeforeOpening(() -> subscriber.drop("gone-before-open"));
        }
        ContractView first;
        try {
            first = current.get();
        } catch (RuntimeException failed) {
            subscriber.drop("error");
            throw failed;
        }
        if (first != null) {
            subscriber.offer(first);
        }
        return subscriber.emitter;
    }

    private CommandRejectedException refused(RejectionCode code, String message) {
        metrics.counter("sla.projection.stream.refused", "code", code.name()).increment();
        return new CommandRejectedException(code, message);
    }

    /** A new stream's emitter; tests give one that writes slowly. */
    protected SseEmitter newEmitter(long timeoutMillis) {
        return new HeadersFirst(timeoutMillis);
    }

    /**
     * An emitter whose response is committed, its status line and headers sent, by the request's own
     * thread before the endpoint returns; the sender threads only ever write the body.
     *
     * <p>Committed by the first write instead, the headers were written by whichever thread wrote
     * first. A sender that got there while the request thread was still leaving the filter chain
     * wrote them at the same time as Spring Security's {@code HeaderWriterFilter} did on that thread
     * (spring-security#9175, #15510): the servlet response is not thread-safe, and a write that
     * failed half-way left the stream open with nothing sent, not even its status line. A client
     * also learns that its stream is open before its first view is written.
     */
    public static class HeadersFirst extends SseEmitter {

        private volatile Runnable goneBeforeOpening = () -> {};

        public HeadersFirst(long timeoutMillis) {
            super(timeoutMillis);
        }

        /**
         * What to do when the client turns out to have gone as its stream opens: the request ends
         * before Spring sets the stream up, so the emitter's own callbacks are never called.
         */
        void whenGoneBeforeOpening(Runnable gone) {
            this.goneBeforeOpening = gone;
        }

        @Override
        protected void extendResponse(ServerHttpResponse response) {
            super.extendResponse(response);
            try {
                // The body's stream does not flush by itself (Spring's default); the response does.
                response.getBody();
                response.flush();
            } catch (IOException gone) {
                // The client went before its stream opened. The emitter refuses every later write,
                // so none is kept for a request never started, and the subscriber gives its place
                // back now. The request ends here, before Spring starts its asynchronous part, which
                // it could not (the failed flush has marked the response unusable) and would log as
                // an error; thrown on, the failure is one Spring knows as a client gone and ends the
                // request quietly (ADR 0041).
                completeWithError(gone);
                goneBeforeOpening.run();
                throw new UncheckedIOException(gone);
            }
        }
    }

    /** Called on the consumer thread after a commit: hands the view over and returns at once. */
    public void publish(ContractView view) {
        List<Subscriber> list = subscribers.get(view.contractId());
        if (list != null) {
            list.forEach(subscriber -> subscriber.offer(view));
        }
    }

    /** A heartbeat to every subscriber nothing was written to for {@code sla.projection.stream.heartbeat}. */
    void beat() {
        Instant now = clock.instant();
        subscribers
                .values()
                .forEach(list -> list.forEach(subscriber -> {
                    // A scheduled task that throws is never run again: one subscriber's failure, an
                    // Error too, must not end the heartbeats of all of them, whose gone clients would
                    // then hold their places.
                    try {
                        subscriber.beat(now);
                    } catch (RuntimeException | Error failed) {
                        subscriber.drop("error");
                        log.warn(
                                "the heartbeat of a subscriber of {} failed; its stream is dropped",
                                subscriber.contractId,
                                failed);
                    }
                }));
    }

    /** Subscribers now, across all contracts. */
    public int subscriberCount() {
        return total.get();
    }

    /** Streams one caller has open now. */
    public int streamsOf(String caller) {
        synchronized (places) {
            return perCaller.getOrDefault(callerKey(caller), 0);
        }
    }

    /** Contracts with at least one subscriber: one no one watches any more is not kept (for tests). */
    int contractsWatched() {
        return subscribers.size();
    }

    /** Callers without a subject share one allowance. */
    private static String callerKey(String caller) {
        return caller == null ? "" : caller;
    }

    /** Subscribers of one contract now. */
    public int subscriberCount(String contractId) {
        List<Subscriber> list = subscribers.get(contractId);
        return list == null ? 0 : list.size();
    }

    /**
     * Ends every open stream when the context starts closing, before the web server's graceful
     * shutdown, which would otherwise wait for these never-ending requests.
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        subscribers.values().forEach(list -> list.forEach(s -> s.emitter.complete()));
        beats.shutdownNow();
        senders.shutdownNow();
    }

    private SseEmitter.SseEventBuilder eventOf(Object item) {
        if (item == HEARTBEAT) {
            return SseEmitter.event().comment("heartbeat");
        }
        ContractView view = (ContractView) item;
        return SseEmitter.event()
                .name("contract")
                .id(Long.toString(view.lastSequence()))
                .data(render(view), MediaType.APPLICATION_JSON);
    }

    /**
     * A view's JSON, written on the sender's thread before it reaches the emitter: a view that
     * cannot be written then fails here, where the sender ends its stream, never in Spring's
     * converter on the request's thread, where a stream's first write may be sent from and its
     * failure would reach no one (ADR 0041). Tests give one that fails.
     */
    protected byte[] render(ContractView view) {
        return SlaJson.mapper().writeValueAsBytes(view);
    }

    private final class Subscriber {

        private final String contractId;
        private final String caller;
        private final SseEmitter emitter;
        private final List<Subscriber> list;
        /** A view, or {@link #HEARTBEAT}: what is to be written next; null when nothing is. */
        private final AtomicReference<Object> next = new AtomicReference<>();

        /** The sequence of the newest view offered; guarded by this subscriber. */
        private long offered = Long.MIN_VALUE;

        private final AtomicReference<Instant> sendingSince = new AtomicReference<>();
        private final AtomicReference<Instant> lastWrite;
        private final AtomicBoolean dropped = new AtomicBoolean();

        Subscriber(String contractId, String caller, SseEmitter emitter, List<Subscriber> list) {
            this.contractId = contractId;
            this.caller = caller;
            this.emitter = emitter;
            this.list = list;
            this.lastWrite = new AtomicReference<>(clock.instant());
        }

        /**
         * Leaves the view in the mailbox unless a newer one was offered already. The consumer's
         * thread and a new stream's first view may offer at once; holding the subscriber while
         * comparing and setting puts the views in the mailbox in the order of their sequences.
         */
        synchronized void offer(ContractView view) {
            if (dropped.get() || stalled() || view.lastSequence() <= offered) {
                return;
            }
            offered = view.lastSequence();
            if (next.getAndSet(view) == null) {
                startSender();
            }
        }

        /**
         * A comment line when nothing was written for a heartbeat: a client that has gone is found
         * by the write failing, and one that stopped reading by its write not ending, even on a
         * contract that has no new events. A pending view makes it needless.
         */
        void beat(Instant now) {
            if (dropped.get()
                    || stalled()
                    || Duration.between(lastWrite.get(), now).compareTo(heartbeat) < 0) {
                return;
            }
            if (next.compareAndSet(null, HEARTBEAT)) {
                startSender();
            }
        }

        private boolean stalled() {
            Instant since = sendingSince.get();
            if (since != null && Duration.between(since, clock.instant()).compareTo(stallTimeout) > 0) {
                drop("stalled");
                emitter.completeWithError(new IOException("the client stopped reading"));
                return true;
            }
            return false;
        }

        private void startSender() {
            try {
                senders.execute(this::sendPending);
            } catch (RejectedExecutionException full) {
                drop("senders-full");
                emitter.completeWithError(full);
            }
        }

        /**
         * Writes what the mailbox holds until it is empty. Only the sender that empties the mailbox
         * leaves; an offer that finds it empty starts the next one, so one write is under way at a
         * time and the views go out in their order.
         */
        private void sendPending() {
            Object item;
            do {
                item = next.get();
                if (dropped.get()) {
                    return;
                }
                sendingSince.set(clock.instant());
                try {
                    emitter.send(eventOf(item));
                } catch (IOException | RuntimeException | Error failed) {
                    drop("send-failed");
                    if (failed instanceof IOException || alreadyEnded(failed)) {
                        log.debug("a write to a subscriber of {} failed", contractId, failed);
                    } else {
                        end(failed);
                    }
                    return;
                } finally {
                    sendingSince.set(null);
                    lastWrite.set(clock.instant());
                }
            } while (!next.compareAndSet(item, null));
        }

        /**
         * Whether a write failed because the stream had ended already (completed, timed out, or
         * failed): {@code ResponseBodyEmitter} then refuses it with an {@code IllegalStateException}
         * of its own, with no cause. Every other failure of its writes it wraps in one with the
         * failure as the cause.
         */
        private static boolean alreadyEnded(Throwable failed) {
            return failed instanceof IllegalStateException && failed.getCause() == null;
        }

        /**
         * Ends the request of a write that failed for a reason not the client's (a view that cannot
         * be written, a class that cannot be loaded, a stack too deep, a response left broken):
         * left open, it would stay so with nothing more sent, perhaps not even its status line,
         * and its full mailbox would take no further view, until its timeout. A failing JVM's
         * error, thrown or wrapped, goes on up.
         */
        private void end(Throwable failed) {
            log.warn("a write to a subscriber of {} failed; its stream is ended", contractId, failed);
            Throwable cause =
                    failed instanceof IllegalStateException && failed.getCause() != null ? failed.getCause() : failed;
            try {
                emitter.completeWithError(failed);
            } finally {
                if (cause instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            }
        }

        /** Once only: the sender and the emitter's callbacks can both get here, on two threads. */
        void drop(String reason) {
            if (dropped.compareAndSet(false, true)) {
                synchronized (places) {
                    list.remove(this);
                    if (list.isEmpty()) {
                        subscribers.remove(contractId, list);
                    }
                    perCaller.computeIfPresent(caller, (key, open) -> open == 1 ? null : open - 1);
                    total.decrementAndGet();
                }
                metrics.counter("sla.projection.stream.dropped", "reason", reason)
                        .increment();
                log.debug("a subscriber of {} left: {}", contractId, reason);
            }
        }
    }
}
