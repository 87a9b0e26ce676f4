package com.slaledger.projection.contractview;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The write-through cache of current views (ADR 0008). */
class CurrentViewsTest {

    private final AtomicInteger renders = new AtomicInteger();
    private final Function<ContractView, byte[]> render = view -> {
        renders.incrementAndGet();
        return (view.contractId() + "@" + view.lastSequence()).getBytes(StandardCharsets.UTF_8);
    };

    private static ContractView withBreaches(String id, int breaches) {
        Story story = Story.contract(id).openClause(Story.RESPONSE_TIME).signed();
        for (int i = 0; i < breaches; i++) {
            story.experience("e" + i, Story.RESPONSE_TIME, "2026-12-0" + (1 + i % 9) + "T10:00:00Z");
        }
        return ContractFold.replay(story.envelopes());
    }

    /**
     * A clause at its 20,000-character limit weighs for its text (ADR 0033): counted by clauses
     * alone, a bound meant for some tens of megabytes held fifty such views in the room of one.
     */
    @Test
    void viewsOfLongClausesWeighForTheirTextAndTheBoundHoldsFewerOfThem() {
        CurrentViews cache = new CurrentViews(1_000);
        int held = 0;
        for (int i = 0; i < 50; i++) {
            ContractView view = withBreaches("CV-LONG-" + i, 0);
            view = view.withClauses(view.clauses().stream()
                    .map(clause -> clause.withIntent("x".repeat(20_000)))
                    .toList());
            cache.committed(view);
        }
        for (int i = 0; i < 50; i++) {
            held += cache.view("CV-LONG-" + i) == null ? 0 : 1;
        }

        // 1 for the contract, 1 for its clause, 78 for its 20,000 characters: twelve fit in 1,000.
        assertThat(held).isBetween(1, 12);
        assertThat(ViewWeights.of(List.of(withBreaches("CV-SHORT", 1).breaches().get(0))))
                .as("a breach of a short description weighs one, as before")
                .isEqualTo(2);
    }

    @Test
    void aNewerViewReplacesAnOlderOneAndNeverTheOtherWayRound() {
        CurrentViews cache = new CurrentViews(1_000);
        ContractView older = withBreaches("CV-1", 1);
        ContractView newer = withBreaches("CV-1", 2);

        cache.committed(older);
        cache.committed(newer);
        assertThat(cache.view("CV-1")).isSameAs(newer);

        // A read that started before the consumer's commit and ends after it.
        cache.read(older, cache.generation());
        cache.committed(older);
        assertThat(cache.view("CV-1")).isSameAs(newer);
    }

    /**
     * The race the test above cannot see: the consumer's newer view is not held when the read that
     * started ahead of its commit ends (evicted, here at once for being heavier than the bound, or
     * released). Kept, the older view was served as current, and the live writer folded the next
     * event onto it: the event one past the view's sequence had been applied already and never came
     * again, so the contract's events waited as if behind a gap, for good.
     */
    @Test
    void aReadThatRacedACommitIsNotKeptWhenTheCommittedViewIsNotHeld() {
        CurrentViews cache = new CurrentViews(1_000);
        ContractView older = withBreaches("CV-RACE", 1);
        ContractView newer = withBreaches("CV-RACE", 2);
        ContractView heavier = newer.withClauses(newer.clauses().stream()
                .map(clause -> clause.withIntent("x".repeat(300_000)))
                .toList());

        long readIn = cache.generation(); // a read starts, and reads the older view from the table
        cache.committed(heavier);
        assertThat(cache.view("CV-RACE")).as("too heavy to hold").isNull();
        cache.read(older, readIn);
        assertThat(cache.view("CV-RACE")).as("not the older view").isNull();

        readIn = cache.generation();
        cache.committed(newer);
        cache.release();
        cache.read(older, readIn);
        assertThat(cache.view("CV-RACE"))
                .as("not the older view, after a release")
                .isNull();
    }

    @Test
    void aReadThatRacedARebuildsSwapIsNotKept() {
        CurrentViews cache = new CurrentViews(1_000);
        cache.committed(withBreaches("CV-2", 1));
        long readIn = cache.generation();

        cache.replaced();
        assertThat(cache.view("CV-2")).as("nothing held survives the swap").isNull();
        cache.read(withBreaches("CV-2", 1), readIn);
        assertThat(cache.view("CV-2")).as("read from the replaced read models").isNull();

        ContractView fresh = withBreaches("CV-2", 1);
        cache.read(fresh, cache.generation());
        assertThat(cache.view("CV-2")).isSameAs(fresh);
    }

    @Test
    void theAnswerIsRenderedOncePerViewAndDay() {
        CurrentViews cache = new CurrentViews(1_000);
        LocalDate today = LocalDate.of(2027, 3, 1);
        cache.committed(withBreaches("CV-3", 1));

        byte[] first = cache.json("CV-3", today, render);
        assertThat(cache.json("CV-3", today, render)).isSameAs(first);
        assertThat(renders).hasValue(1);

        cache.json("CV-3", today.plusDays(1), render);
        assertThat(renders).as("the overdue flags depend on the day").hasValue(2);

        cache.committed(withBreaches("CV-3", 2));
        assertThat(new String(cache.json("CV-3", today.plusDays(1), render), StandardCharsets.UTF_8))
                .isEqualTo("CV-3@" + withBreaches("CV-3", 2).lastSequence());
        assertThat(cache.json("CV-NONE", today, render)).as("not held").isNull();
    }

    /** The overdue flags of the rendered answer are those of the day asked for. */
    @Test
    void theRenderedViewCarriesTheDaysOverdueFlags() {
        CurrentViews cache = new CurrentViews(1_000);
        ContractView view = withBreaches("CV-4", 0);
        cache.committed(view);
        LocalDate farLater = LocalDate.of(2199, 1, 1);

        cache.json("CV-4", farLater, rendered -> {
            assertThat(rendered).isEqualTo(view.withOverdueFlags(farLater));
            return new byte[0];
        });
    }

    @Test
    void theCacheIsBoundedByWeightAndKeepsNothingHeavierThanItself() {
        CurrentViews cache = new CurrentViews(20);
        for (int i = 0; i < 10; i++) {
            cache.committed(withBreaches("CV-W" + i, 3));
        }
        long held = java.util.stream.IntStream.range(0, 10)
                .filter(i -> cache.view("CV-W" + i) != null)
                .count();
        assertThat(held).as("each weighs 1 + 1 clause + 3 breaches = 5").isLessThanOrEqualTo(4);

        cache.committed(withBreaches("CV-HUGE", 30));
        assertThat(cache.view("CV-HUGE")).isNull();
    }
}
