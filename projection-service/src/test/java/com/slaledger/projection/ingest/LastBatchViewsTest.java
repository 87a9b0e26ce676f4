package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a rebuild lane holds of its views: those of its last committed batch only. */
class LastBatchViewsTest {

    private final ProjectionWriter.CommittedViews views = ProjectionWriter.CommittedViews.lastBatch();

    @Test
    void aBatchsViewsAreHeldUntilTheNextBatchCommits() {
        ContractView first = view("L-1");
        ContractView second = view("L-2");
        views.committed(List.of(first));

        assertThat(views.held("L-1")).isSameAs(first);

        views.committed(List.of(second));

        assertThat(views.held("L-1")).as("not in the last batch").isNull();
        assertThat(views.held("L-2")).isSameAs(second);
    }

    /** A commit whose answer was lost may have stored the batch: nothing held is trusted after it. */
    @Test
    void nothingIsHeldAfterAnUncertainCommit() {
        views.committed(List.of(view("L-1"), view("L-2")));

        views.uncertain(List.of("L-2"));

        assertThat(views.held("L-1")).isNull();
        assertThat(views.held("L-2")).isNull();
    }

    private static ContractView view(String id) {
        return ContractFold.replay(Story.contract(id).signed().envelopes());
    }
}
