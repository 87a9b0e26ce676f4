package com.slaledger.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Starts a Kafka listener container again after an {@link Error} stopped it (and, through {@link
 * #stoppedByAnError}, any other reader of records that an Error stopped, such as contract-service's
 * event publisher). Spring Kafka stops a
 * container for good when its listener throws an Error (a stack overflow, a class that failed to
 * load, an assertion), and nothing else would start it: the service would take no more records
 * until someone restarted the process. The poll that met the Error was not committed, so the
 * restarted container reads it again and each record is handled once (ADR 0036).
 *
 * <p>The restarts of one container back off: the first after {@code first-delay}, each next one
 * twice as late, at most {@code max-delay}; a container that ran for {@code max-delay} since its
 * last restart starts from the first delay again. In the images a heap that runs out ends the
 * process instead ({@code -XX:+ExitOnOutOfMemoryError}), for it may have left any thread's work half
 * done; where nothing ends the process (run-local, tests), such an Error is restarted here too.
 *
 * <p>Whoever stops a container on purpose while a restart is pending (a rebuild) calls {@link
 * #cancel} first, so that the restart does not start it under them.
 */
public final class ListenerRestarts implements ApplicationListener<ApplicationEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ListenerRestarts.class);

    /** What is started again: a listener container, or another reader of records that an Error stopped. */
    public interface Restartable {

        /** Its name in the log and in health details. */
        String id();

        boolean isRunning();

        /** Whether what the Error stopped is still winding down: a start now would run beside it. */
        boolean isWindingDown();

        void start();

        /** A listener's (concurrent) container. */
        static Restartable of(MessageListenerContainer container) {
            return new Restartable() {
                @Override
                public String id() {
                    return container.getListenerId();
                }

                @Override
                public boolean isRunning() {
                    return container.isRunning();
                }

                @Override
                public boolean isWindingDown() {
                    return container.isChildRunning();
                }

                @Override
                public void start() {
                    container.start();
                }
            };
        }
    }

    /** Runs {@code task} after {@code delay}; the returned action cancels it. */
    public interface Timer {
        Runnable after(Duration delay, Runnable task);
    }

    /**
     * A container's restarts: how many so far, how often its delay has doubled, since when it has
     * run (on the ticker's scale), and the restart pending, if any.
     */
    private record State(int restarts, int backedOff, long runningSince, Pending pending) {

        State withPending(Pending next) {
            return new State(restarts, backedOff, runningSince, next);
        }
    }

    private record Pending(long dueNanos, Runnable cancel) {}

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Timer timer;
    private final LongSupplier ticker;
    private final Runnable close;
    private final Map<String, State> states = new HashMap<>();
    private boolean closing;

    public ListenerRestarts(Duration firstDelay, Duration maxDelay) {
        this(firstDelay, maxDelay, scheduler(), System::nanoTime);
    }

    private ListenerRestarts(
            Duration firstDelay, Duration maxDelay, ScheduledExecutorService scheduler, LongSupplier ticker) {
        this(
                firstDelay,
                maxDelay,
                (delay, task) -> {
                    var scheduled = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                    return () -> scheduled.cancel(false);
                },
                ticker,
                scheduler::shutdownNow);
    }

    /** For tests: a timer and a ticker of their own; {@code close} runs when the bean is destroyed. */
    public ListenerRestarts(Duration firstDelay, Duration maxDelay, Timer timer, LongSupplier ticker, Runnable close) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.timer = timer;
        this.ticker = ticker;
        this.close = close;
    }

    private static ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "listener-restarts");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ConsumerStoppedEvent stopped && stopped.getReason() == ConsumerStoppedEvent.Reason.ERROR) {
            // The source is the consumer that met the Error; the container is the listener's whole
            // (concurrent) container, which the Error stops with all its consumers.
            stoppedByAnError(Restartable.of(stopped.getContainer(MessageListenerContainer.class)));
        } else if (event instanceof ContextClosedEvent) {
            // Published before the containers stop: they stop on purpose now, and stay stopped.
            closing();
        }
    }

    /** From now on no container is started again, and the pending restarts are dropped. */
    synchronized void closing() {
        closing = true;
        states.replaceAll((id, state) -> cancelled(state));
    }

    /** Schedules {@code target}'s restart, unless one is pending already. */
    public synchronized void stoppedByAnError(Restartable target) {
        String id = target.id();
        State state = states.get(id);
        if (closing || id == null || (state != null && state.pending() != null)) {
            return;
        }
        long now = ticker.getAsLong();
        boolean ranLong = state == null || now - state.runningSince() >= maxDelay.toNanos();
        int backedOff = ranLong ? 0 : state.backedOff();
        Duration delay = delay(backedOff);
        Runnable cancel = timer.after(delay, () -> restart(id, target));
        log.warn("listener {} was stopped by an Error; it is started again in {}", id, delay);
        states.put(
                id,
                new State(
                        state == null ? 0 : state.restarts(),
                        backedOff + 1,
                        state == null ? now : state.runningSince(),
                        new Pending(now + delay.toNanos(), cancel)));
    }

    /** {@code first-delay} doubled {@code backedOff} times, at most {@code max-delay}. */
    Duration delay(int backedOff) {
        Duration delay = firstDelay;
        for (int i = 0; i < backedOff && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * Under the lock, the start included: a {@link #cancel} that comes while it runs waits for it, so
     * whoever cancels and then stops the container does not see it started after the stop.
     */
    private synchronized void restart(String id, Restartable target) {
        State state = states.get(id);
        if (closing || state == null || state.pending() == null) {
            return;
        }
        long now = ticker.getAsLong();
        if (target.isRunning()) {
            // Started by someone else meanwhile.
            states.put(id, state.withPending(null));
            return;
        }
        if (target.isWindingDown()) {
            // A consumer of the stopped container is still winding down: a start now would add
            // consumers beside it. Try again shortly.
            states.put(
                    id,
                    state.withPending(new Pending(
                            now + firstDelay.toNanos(), timer.after(firstDelay, () -> restart(id, target)))));
            return;
        }
        states.put(id, new State(state.restarts() + 1, state.backedOff(), now, null));
        try {
            target.start();
            log.info("listener {} started again after an Error ({} restarts)", id, state.restarts() + 1);
        } catch (RuntimeException e) {
            log.error("listener {} could not be started again", id, e);
            stoppedByAnError(target);
        }
    }

    /**
     * The caller takes {@code listenerId}'s container into its own hands (a rebuild stops it and
     * starts it again): a pending restart is dropped.
     */
    public synchronized void cancel(String listenerId) {
        states.computeIfPresent(listenerId, (id, state) -> cancelled(state));
    }

    private static State cancelled(State state) {
        if (state.pending() != null) {
            state.pending().cancel().run();
        }
        return state.withPending(null);
    }

    /** What a health check says of a stopped container: its pending restart, if there is one. */
    public synchronized Optional<String> pending(String listenerId) {
        State state = states.get(listenerId);
        if (state == null || state.pending() == null) {
            return Optional.empty();
        }
        long in = Math.max(0, state.pending().dueNanos() - ticker.getAsLong());
        return Optional.of("stopped by an Error: restart " + (state.restarts() + 1) + " in "
                + Duration.ofNanos(in).toSeconds() + " s");
    }

    /** How often {@code listenerId}'s container was started again after an Error. */
    public synchronized int restarts(String listenerId) {
        State state = states.get(listenerId);
        return state == null ? 0 : state.restarts();
    }

    @Override
    public void destroy() {
        closing();
        close.run();
    }
}
