package com.slaledger.projection.contractview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Reads that wait for a sequence: answered once, by whichever comes first, and never left behind. */
class ViewWaitsTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ViewWaits waits = new ViewWaits(metrics, Duration.ofSeconds(5), 3);
    private final List<ContractView> views = viewsOf("WAIT-1");

    @Test
    void aWaitIsAnsweredByTheFirstCommittedViewThatReachesItsSequence() {
        List<ContractView> answers = new ArrayList<>();
        AtomicInteger behind = new AtomicInteger();
        waits.await("WAIT-1", 4, () -> views.get(2), answers::add, behind::incrementAndGet);

        waits.reached(views.get(3));
        assertThat(answers).isEmpty();
        waits.reached(views.get(4));
        waits.reached(views.get(5));

        assertThat(answers).extracting(ContractView::lastSequence).containsExactly(4L);
        assertThat(behind).hasValue(0);
        assertThat(waits.waiting()).isZero();
        assertThat(count("reached")).isEqualTo(1);
    }

    @Test
    void aViewThatIsCurrentAlreadyAnswersAtOnce() {
        List<ContractView> answers = new ArrayList<>();
        waits.await("WAIT-1", 2, () -> views.get(3), answers::add, () -> {});

        assertThat(answers).extracting(ContractView::lastSequence).containsExactly(3L);
        assertThat(waits.waiting()).isZero();
    }

    @Test
    void anotherContractsViewsAnswerNothing() {
        List<ContractView> answers = new ArrayList<>();
        waits.await("WAIT-1", 1, () -> null, answers::add, () -> {});

        viewsOf("WAIT-2").forEach(waits::reached);

        assertThat(answers).isEmpty();
        assertThat(waits.waiting()).isEqualTo(1);
    }

    @Test
    void atItsTimeTheCurrentViewIsLookedAtOnceMoreBeforeItIsBehind() {
        AtomicReference<ContractView> current = new AtomicReference<>(views.get(1));
        List<ContractView> answers = new ArrayList<>();
        AtomicInteger behind = new AtomicInteger();
        ViewWaits.Wait swapped = waits.await("WAIT-1", 3, current::get, answers::add, behind::incrementAndGet);
        ViewWaits.Wait late = waits.await("WAIT-1", 9, current::get, answers::add, behind::incrementAndGet);

        // A rebuild's swap brings sequence 5 without the consumer committing it.
        current.set(views.get(5));
        swapped.expire();
        late.expire();
        late.expire();

        assertThat(answers).extracting(ContractView::lastSequence).containsExactly(5L);
        assertThat(behind).hasValue(1);
        assertThat(waits.waiting()).isZero();
        assertThat(count("current-at-timeout")).isEqualTo(1);
        assertThat(count("behind")).isEqualTo(1);
    }

    @Test
    void aCancelledWaitIsAnsweredByNothing() {
        List<ContractView> answers = new ArrayList<>();
        ViewWaits.Wait wait = waits.await("WAIT-1", 1, () -> null, answers::add, () -> answers.add(null));

        wait.cancel();
        waits.reached(views.get(5));
        wait.expire();

        assertThat(answers).isEmpty();
        assertThat(waits.waiting()).isZero();
    }

    @Test
    void closingAnswersEveryWaitAtOnce() {
        List<ContractView> answers = new ArrayList<>();
        AtomicInteger behind = new AtomicInteger();
        waits.await("WAIT-1", 9, () -> views.get(2), answers::add, behind::incrementAndGet);
        waits.await("WAIT-2", 1, () -> viewsOf("WAIT-2").get(0), answers::add, behind::incrementAndGet);
        AtomicReference<ContractView> current = new AtomicReference<>();
        waits.await("WAIT-3", 0, current::get, answers::add, behind::incrementAndGet);
        current.set(viewsOf("WAIT-3").get(0));

        waits.closeAll();

        assertThat(answers).extracting(ContractView::contractId).containsExactly("WAIT-3");
        assertThat(behind).hasValue(2);
        assertThat(waits.waiting()).isZero();
    }

    @Test
    void waitsAreBoundedAndAPlaceIsFreedWhenOneEnds() {
        List<ViewWaits.Wait> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(waits.await("WAIT-1", 100, () -> null, view -> {}, () -> {}));
        }

        assertThatThrownBy(() -> waits.await("WAIT-1", 100, () -> null, view -> {}, () -> {}))
                .isInstanceOfSatisfying(
                        CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_MANY_WAITING));
        held.get(0).cancel();
        waits.await("WAIT-1", 100, () -> null, view -> {}, () -> {});
        assertThat(waits.waiting()).isEqualTo(3);
    }

    @Test
    void underRacingCommitsAndNewWaitsEveryWaitIsAnsweredExactlyOnce() throws Exception {
        ViewWaits roomy = new ViewWaits(metrics, Duration.ofSeconds(5), 100_000);
        int contracts = 8;
        int perContract = 2_000;
        List<List<ContractView>> stories = new ArrayList<>();
        for (int c = 0; c < contracts; c++) {
            stories.add(viewsOf("RACE-" + c));
        }
        List<AtomicReference<ContractView>> current = new ArrayList<>();
        for (int c = 0; c < contracts; c++) {
            current.add(new AtomicReference<>());
        }
        List<AtomicInteger> answered = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int c = 0; c < contracts; c++) {
            int contract = c;
            List<ContractView> story = stories.get(c);
            // A consumer commits the story's views one by one, as the table would hold them.
            done.add(threads.submit(() -> {
                start.await();
                for (ContractView view : story) {
                    current.get(contract).set(view);
                    roomy.reached(view);
                }
                return null;
            }));
            // Readers wait for sequences the story reaches, while it is being committed.
            done.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < perContract; i++) {
                    AtomicInteger times = new AtomicInteger();
                    answered.add(times);
                    long atLeast = i % story.size();
                    roomy.await(
                            "RACE-" + contract,
                            atLeast,
                            current.get(contract)::get,
                            view -> {
                                assertThat(view.lastSequence()).isGreaterThanOrEqualTo(atLeast);
                                times.incrementAndGet();
                            },
                            () -> times.addAndGet(1_000));
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(answered)
                .hasSize(contracts * perContract)
                .allSatisfy(times -> assertThat(times).hasValue(1));
        assertThat(roomy.waiting()).isZero();
    }

    private double count(String outcome) {
        return metrics.counter("sla.projection.read-wait", "outcome", outcome).count();
    }

    /** The views of a story, one after each of its events. */
    private static List<ContractView> viewsOf(String contractId) {
        List<EventEnvelope> story =
                Story.toTwoPointZero(contractId, "waitco", "hostco").envelopes();
        List<ContractView> views = new ArrayList<>();
        ContractView view = null;
        for (EventEnvelope event : story) {
            view = ContractFold.apply(view, event);
            views.add(view);
        }
        return views;
    }
}
