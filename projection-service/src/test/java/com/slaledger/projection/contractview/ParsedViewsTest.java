package com.slaledger.projection.contractview;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import org.junit.jupiter.api.Test;

/** The parsed-view cache is bounded by weight (one per view, one per breach), least recently used first out. */
class ParsedViewsTest {

    private static ContractView withBreaches(String id, int breaches) {
        Story story = Story.contract(id).openClause(Story.RESPONSE_TIME).signed();
        for (int i = 0; i < breaches; i++) {
            story.experience("e" + i, Story.RESPONSE_TIME, "2026-12-0" + (1 + i % 9) + "T10:00:00Z");
        }
        return ContractFold.replay(story.envelopes());
    }

    @Test
    void heavyContractsPushOutTheLeastRecentlyUsedAndTheHeaviestAreNotKept() {
        ContractViews.ParsedViews cache = new ContractViews.ParsedViews(10);
        ContractView light = withBreaches("PV-LIGHT", 0);
        ContractView heavy = withBreaches("PV-HEAVY", 6);
        ContractView other = withBreaches("PV-OTHER", 6);

        cache.put(heavy);
        cache.put(light);
        assertThat(cache.get("PV-HEAVY")).isSameAs(heavy);
        cache.get("PV-LIGHT");
        cache.put(other);

        assertThat(cache.get("PV-HEAVY"))
                .as("7 + 1 + 7 > 10: the least recently used goes")
                .isNull();
        assertThat(cache.get("PV-LIGHT")).isSameAs(light);
        assertThat(cache.get("PV-OTHER")).isSameAs(other);

        cache.put(withBreaches("PV-HUGE", 12));
        assertThat(cache.get("PV-HUGE")).as("heavier than the whole cache").isNull();
        assertThat(cache.get("PV-OTHER")).isSameAs(other);
    }
}
