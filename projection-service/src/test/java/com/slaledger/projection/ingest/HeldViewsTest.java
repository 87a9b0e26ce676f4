package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The views a rebuild's writer holds back (ADR 0015); rebuilt rows are compared in RebuildTest. */
class HeldViewsTest {

    /** A view of weight 3: itself and two clauses. */
    private static HeldViews.Held view(String id, boolean stored) {
        ContractView view = ContractFold.replay(Story.contract(id)
                .agreedClause(Story.AVAILABILITY, "5")
                .openClause(Story.RESPONSE_TIME)
                .envelopes());
        assertThat(HeldViews.weightOf(view)).isEqualTo(3);
        return new HeldViews.Held(view, stored, null);
    }

    private static Map<String, HeldViews.Held> batch(HeldViews.Held... views) {
        Map<String, HeldViews.Held> batch = new LinkedHashMap<>();
        for (HeldViews.Held h : views) {
            batch.put(h.view().contractId(), h);
        }
        return batch;
    }

    private static List<String> ids(List<HeldViews.Held> views) {
        return views.stream().map(h -> h.view().contractId()).toList();
    }

    @Test
    void theViewsUsedLongestAgoLeaveFirstAndTheBatchsOwnOnlyWhenTheyAloneDoNotFit() {
        HeldViews held = new HeldViews(9);
        Map<String, HeldViews.Held> first = batch(view("A", false), view("B", true), view("C", false));
        assertThat(held.leaving(first)).isEmpty();
        held.committed(first, List.of());
        assertThat(held.weight()).isEqualTo(9);

        assertThat(held.get("A")).isNotNull(); // A used again: B is now the one used longest ago
        Map<String, HeldViews.Held> second = batch(view("C", true), view("D", false));
        List<HeldViews.Held> leaving = held.leaving(second);
        assertThat(ids(leaving)).as("C is in the batch, so it stays").containsExactly("B");
        held.committed(second, leaving);
        assertThat(held.get("B")).isNull();
        assertThat(held.get("C").stored())
                .as("the batch's view replaces the held one")
                .isTrue();
        assertThat(held.weight()).isEqualTo(9);

        Map<String, HeldViews.Held> wide =
                batch(view("E", false), view("F", false), view("G", false), view("H", false));
        leaving = held.leaving(wide);
        assertThat(ids(leaving))
                .as("everything held leaves (C was used last), then the batch's first")
                .containsExactly("A", "D", "C", "E");
        held.committed(wide, leaving);
        assertThat(ids(held.all())).containsExactly("F", "G", "H");
        assertThat(held.weight()).isEqualTo(9);
    }

    @Test
    void nothingChangesUntilTheBatchHasCommitted() {
        HeldViews held = new HeldViews(3);
        held.committed(batch(view("A", false)), List.of());
        Map<String, HeldViews.Held> next = batch(view("B", false));

        assertThat(ids(held.leaving(next))).containsExactly("A");
        assertThat(ids(held.all())).as("rolled back: A is still held, B is not").containsExactly("A");
        assertThat(held.weight()).isEqualTo(3);

        held.clear();
        assertThat(held.all()).isEmpty();
        assertThat(held.weight()).isZero();
    }

    @Test
    void aHolderForNothingIsRefused() {
        assertThatThrownBy(() -> new HeldViews(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
