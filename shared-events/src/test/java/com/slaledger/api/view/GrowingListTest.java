package com.slaledger.api.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The fold's breach list: appending never changes a list another view holds, in any order of appends. */
class GrowingListTest {

    /**
     * Each step appends to one of the lists made so far (often the newest, which grows in place,
     * sometimes an older one, which must copy); every list keeps exactly what it had.
     */
    @Property(tries = 300)
    void everyListKeepsItsElementsWhicheverListIsAppendedTo(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 99) Integer> picks) {
        List<List<Integer>> made = new ArrayList<>();
        List<List<Integer>> expected = new ArrayList<>();
        made.add(List.of());
        expected.add(List.of());
        for (int step = 0; step < picks.size(); step++) {
            int pick = picks.get(step);
            int from = pick < 70 ? made.size() - 1 : pick % made.size();
            made.add(GrowingList.append(made.get(from), step));
            List<Integer> copy = new ArrayList<>(expected.get(from));
            copy.add(step);
            expected.add(copy);
        }
        for (int i = 0; i < made.size(); i++) {
            assertThat(made.get(i)).as("list %d", i).isEqualTo(expected.get(i));
            assertThat(made.get(i).hashCode()).isEqualTo(expected.get(i).hashCode());
        }
    }

    @Test
    void itIsImmutableAndBoundedByItsOwnSize() {
        List<String> one = GrowingList.append(List.of(), "a");
        List<String> two = GrowingList.append(one, "b");

        assertThat(one).containsExactly("a");
        assertThatThrownBy(() -> one.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> two.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> two.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Threads appending to one list at once: one of them may grow it in place, the others copy. */
    @Test
    void concurrentAppendsToOneListEachSeeTheirOwnElements() throws Exception {
        List<Integer> base = List.of();
        for (int i = 0; i < 1_000; i++) {
            base = GrowingList.append(base, i);
        }
        List<Integer> shared = base;
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Integer> mine = shared;
                    for (int i = 0; i < 500; i++) {
                        mine = GrowingList.append(mine, thread * 1_000_000 + i);
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                List<Integer> mine = results.get(t).get();
                assertThat(mine).hasSize(1_500);
                assertThat(mine.subList(0, 1_000)).isEqualTo(shared);
                for (int i = 0; i < 500; i++) {
                    assertThat(mine.get(1_000 + i)).isEqualTo(t * 1_000_000 + i);
                }
            }
            assertThat(shared).hasSize(1_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
