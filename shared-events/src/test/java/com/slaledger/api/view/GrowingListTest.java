package com.slaledger.api.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The fold's breach list: appending never changes a list another view holds, in any order of
 * appends, and a find by key gives what a scan of that list would.
 */
class GrowingListTest {

    /** Keys that repeat: a find must give the first element of a key within the list it asks. */
    private static final int KEYS = 7;

    private static final Function<Integer, Integer> KEY = i -> i % KEYS;

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
            made.add(GrowingList.append(made.get(from), step, KEY));
            List<Integer> copy = new ArrayList<>(expected.get(from));
            copy.add(step);
            expected.add(copy);
        }
        assertSameAsModel(made, expected);
    }

    /**
     * Appends and replacements in any order, each on one of the lists made so far: every list keeps
     * exactly what it had, and finds by key what a scan would. Enough replacements of one list to
     * cross the point where it is copied with them in place.
     */
    @Property(tries = 300)
    void replacingKeepsEveryOtherListAsItWas(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 99) Integer> picks) {
        List<List<Integer>> made = new ArrayList<>();
        List<List<Integer>> expected = new ArrayList<>();
        made.add(List.of());
        expected.add(List.of());
        for (int step = 0; step < picks.size(); step++) {
            int pick = picks.get(step);
            int from = pick < 80 ? made.size() - 1 : pick % made.size();
            List<Integer> copy = new ArrayList<>(expected.get(from));
            int key = pick % KEYS;
            int first = firstWithKey(copy, key);
            if (pick % 2 == 0 && first >= 0) {
                int replacement = copy.get(first) + KEYS * 1_000;
                made.add(GrowingList.replace(made.get(from), key, e -> e + KEYS * 1_000, KEY));
                copy.set(first, replacement);
            } else {
                made.add(GrowingList.append(made.get(from), step, KEY));
                copy.add(step);
            }
            expected.add(copy);
        }
        assertSameAsModel(made, expected);
    }

    /** Every list made equals its model, hashes alike, and finds by key what a scan of the model finds. */
    private static void assertSameAsModel(List<List<Integer>> made, List<List<Integer>> expected) {
        for (int i = 0; i < made.size(); i++) {
            assertThat(made.get(i)).as("list %d", i).isEqualTo(expected.get(i));
            assertThat(made.get(i).hashCode()).isEqualTo(expected.get(i).hashCode());
            for (int wanted = 0; wanted < KEYS; wanted++) {
                int key = wanted;
                assertThat(GrowingList.find(made.get(i), key, KEY))
                        .as("list %d, key %d", i, key)
                        .isEqualTo(expected.get(i).stream()
                                .filter(e -> KEY.apply(e) == key)
                                .findFirst());
            }
        }
    }

    private static int firstWithKey(List<Integer> list, int key) {
        for (int i = 0; i < list.size(); i++) {
            if (KEY.apply(list.get(i)) == key) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aReplacementMustKeepItsKeyAndFindItsElement() {
        List<Integer> list = GrowingList.append(GrowingList.append(List.of(), 1, KEY), 2, KEY);

        assertThatThrownBy(() -> GrowingList.replace(list, 1, e -> e + 1, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrowingList.replace(list, 5, e -> e, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(GrowingList.replace(List.of(1, 2), 2, e -> e + KEYS, KEY)).containsExactly(1, 2 + KEYS);
    }

    /** A list built elsewhere (a snapshot read back) is searched, and indexed when first appended to. */
    @Test
    void aListFromElsewhereIsFoundInAndIndexedOnItsFirstAppend() {
        List<Integer> read = List.of(3, 10, 17);
        assertThat(GrowingList.find(read, 3, KEY)).contains(3);
        assertThat(GrowingList.find(read, 4, KEY)).isEmpty();

        List<Integer> grown = GrowingList.append(read, 4, KEY);

        assertThat(GrowingList.find(grown, 3, KEY)).contains(3);
        assertThat(GrowingList.find(grown, 4, KEY)).contains(4);
        assertThat(GrowingList.find(read, 4, KEY)).isEmpty();
    }

    @Test
    void itIsImmutableAndBoundedByItsOwnSize() {
        List<String> one = GrowingList.append(List.of(), "a", Function.identity());
        List<String> two = GrowingList.append(one, "b", Function.identity());

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
            base = GrowingList.append(base, i, KEY);
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
                        mine = GrowingList.append(mine, thread * 1_000_000 + i, KEY);
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
