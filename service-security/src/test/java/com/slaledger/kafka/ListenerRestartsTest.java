package com.slaledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent.Reason;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A container that an Error stopped is started again, once per Error, after a delay that doubles
 * while the Errors come soon after each other; nothing else starts it. Checked against a model over
 * generated runs of stops, time passing, containers taken into other hands and the application
 * closing.
 */
class ListenerRestartsTest {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(60);

    sealed interface Step {}

    /** The container stops for this reason (when it runs). */
    record Stop(Reason reason, boolean consumersSlowToEnd) implements Step {}

    record Wait(Duration duration) implements Step {}

    /** Someone stops and starts the container on purpose (a rebuild), cancelling first or not. */
    record TakenOver(boolean cancelsFirst) implements Step {}

    record Close() implements Step {}

    @Property(tries = 1000)
    void anErrorStopIsRestartedOnceAfterItsBackedOffDelayAndNothingElseStartsTheContainer(
            @ForAll("runs") @Size(max = 40) List<Step> steps) {
        Harness harness = new Harness();
        Model model = new Model();
        for (Step step : steps) {
            harness.apply(step);
            model.apply(step);
            assertThat(harness.running).as("running after %s", step).isEqualTo(model.running);
            assertThat(harness.restarts.restarts("intake"))
                    .as("restarts after %s", step)
                    .isEqualTo(model.restarts);
            assertThat(harness.due()).as("pending restart after %s", step).isEqualTo(model.due);
            assertThat(harness.restarts.pending("intake").isPresent()).isEqualTo(model.due.isPresent());
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Step> stop = Arbitraries.of(Reason.values())
                .flatMap(reason -> Arbitraries.of(true, false).map(slow -> new Stop(reason, slow)));
        Arbitrary<Step> errors = Arbitraries.of(true, false).map(slow -> new Stop(Reason.ERROR, slow));
        Arbitrary<Step> wait =
                Arbitraries.longs().between(0, 200_000).map(millis -> new Wait(Duration.ofMillis(millis)));
        Arbitrary<Step> takenOver = Arbitraries.of(true, false).map(TakenOver::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(4, errors),
                        Tuple.of(2, stop),
                        Tuple.of(6, wait),
                        Tuple.of(1, takenOver),
                        Tuple.of(1, Arbitraries.just(new Close())))
                .list();
    }

    @Test
    void theDelayDoublesUpToTheMostAndStaysThere() {
        ListenerRestarts restarts = new Harness().restarts;
        assertThat(List.of(0, 1, 2, 5, 6, 7, 40).stream().map(restarts::delay))
                .containsExactly(
                        FIRST, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(32), MAX, MAX, MAX);
    }

    @Test
    void aClosingApplicationStartsNothingAgain() {
        Harness harness = new Harness();
        harness.apply(new Stop(Reason.ERROR, false));
        harness.restarts.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));
        harness.apply(new Wait(MAX));
        assertThat(harness.running).isFalse();
        assertThat(harness.restarts.pending("intake")).isEmpty();
    }

    /** The listener's container, the timer and the clock, all under the test's hand. */
    static final class Harness {

        record Task(long due, Runnable run, boolean[] cancelled) {}

        long now;
        boolean running = true;
        long consumersEndAt;
        final List<Task> tasks = new ArrayList<>();
        final MessageListenerContainer container = mock(MessageListenerContainer.class);
        final ListenerRestarts restarts = new ListenerRestarts(
                FIRST,
                MAX,
                (delay, run) -> {
                    boolean[] cancelled = {false};
                    tasks.add(new Task(now + delay.toNanos(), run, cancelled));
                    return () -> cancelled[0] = true;
                },
                () -> now,
                () -> {});

        Harness() {
            when(container.getListenerId()).thenReturn("intake");
            when(container.isRunning()).thenAnswer(call -> running);
            when(container.isChildRunning()).thenAnswer(call -> running || now < consumersEndAt);
            doAnswer(call -> running = true).when(container).start();
        }

        void apply(Step step) {
            if (step instanceof Stop stop) {
                if (running) {
                    running = false;
                    consumersEndAt = stop.consumersSlowToEnd() ? now + FIRST.toNanos() * 3 / 2 : now;
                    restarts.onApplicationEvent(new ConsumerStoppedEvent(this, container, stop.reason()));
                }
            } else if (step instanceof Wait wait) {
                long until = now + wait.duration().toNanos();
                Optional<Task> next;
                while ((next = live().filter(task -> task.due() <= until).min(Comparator.comparingLong(Task::due)))
                        .isPresent()) {
                    tasks.remove(next.get());
                    now = next.get().due();
                    next.get().run().run();
                }
                now = until;
            } else if (step instanceof TakenOver takenOver) {
                if (takenOver.cancelsFirst()) {
                    restarts.cancel("intake");
                }
                running = true;
            } else {
                restarts.destroy();
            }
        }

        private java.util.stream.Stream<Task> live() {
            return tasks.stream().filter(task -> !task.cancelled()[0]);
        }

        Optional<Long> due() {
            return live().map(Task::due).min(Long::compare);
        }
    }

    /** What the restarts should do, step by step. */
    static final class Model {

        long now;
        boolean running = true;
        boolean closed;
        long consumersEndAt;
        int restarts;
        int backedOff;
        Long runningSince;
        Optional<Long> due = Optional.empty();

        void apply(Step step) {
            if (step instanceof Stop stop) {
                if (!running) {
                    return;
                }
                running = false;
                consumersEndAt = stop.consumersSlowToEnd() ? now + FIRST.toNanos() * 3 / 2 : now;
                if (stop.reason() != Reason.ERROR || closed || due.isPresent()) {
                    return;
                }
                if (runningSince == null || now - runningSince >= MAX.toNanos()) {
                    backedOff = 0;
                }
                long delay = Math.min(MAX.toNanos(), FIRST.toNanos() << Math.min(backedOff, 20));
                if (runningSince == null) {
                    runningSince = now;
                }
                backedOff++;
                due = Optional.of(now + delay);
            } else if (step instanceof Wait wait) {
                long until = now + wait.duration().toNanos();
                while (due.isPresent() && due.get() <= until) {
                    now = due.get();
                    if (running) {
                        due = Optional.empty();
                    } else if (now < consumersEndAt) {
                        due = Optional.of(now + FIRST.toNanos());
                    } else {
                        due = Optional.empty();
                        restarts++;
                        running = true;
                        runningSince = now;
                    }
                }
                now = until;
            } else if (step instanceof TakenOver takenOver) {
                if (takenOver.cancelsFirst()) {
                    due = Optional.empty();
                }
                running = true;
            } else {
                closed = true;
                due = Optional.empty();
            }
        }
    }
}
