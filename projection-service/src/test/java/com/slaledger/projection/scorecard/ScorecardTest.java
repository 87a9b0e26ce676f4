package com.slaledger.projection.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.testsupport.Story;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Do they have an SLA 2.0?": the scorecard's figures and where a supplier stands, by hand. */
class ScorecardTest {

    private static final LocalDate TODAY = LocalDate.parse("2027-04-01");

    private static ContractView view(Story story) {
        return ContractFold.replay(story.envelopes());
    }

    /** hostco: one contract at 2.0 (one credit in December), one at 1.0 with its month at the cap. */
    private static final ContractView AT_TWO = view(Story.toTwoPointZero("SC-A", "acme", "hostco"));

    private static final ContractView CAPPED = view(Story.contract("SC-B", "beta", "hostco")
            .agreedClause(Story.AVAILABILITY, "5")
            .openClause(Story.RESPONSE_TIME)
            .signed()
            .creditedBreach("b1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
            .creditedBreach("b2", "2026-12-04T02:00:00Z", "500.00", "500.00", "500.00", false)
            .creditedBreach("b3", "2026-12-05T02:00:00Z", "1000.00", "500.00", "200.00", true));

    private static final ContractView OTHER = view(Story.toTwoPointZero("SC-C", "gamma", "otherco"));

    @Test
    void theSla20FiguresOfOneSupplier() {
        Scorecard hostco = Scorecard.of(
                "hostco",
                List.of(AT_TWO, CAPPED),
                Map.of("SC-A", AT_TWO.activatedAt().plus(Duration.ofDays(10))),
                TODAY);

        assertThat(hostco.sla20().medianDaysFromOneToTwo()).isEqualTo(10.0);
        assertThat(hostco.sla20().clausesOpenPastReviewBy())
                .as("SC-B's response time, due 2027-03-01")
                .isEqualTo(1);
        assertThat(hostco.sla20().shareOfMonthsAtCap())
                .as("two months with credits, SC-B's December at the cap")
                .isEqualByComparingTo("0.5");
        assertThat(hostco.shareReachedTwoPointZero()).isEqualByComparingTo("0.5");
    }

    @Test
    void whereASupplierStandsAmongAllOfThem() {
        Instant twoDays = OTHER.activatedAt().plus(Duration.ofDays(2));
        Scorecard hostco = Scorecard.of(
                "hostco",
                List.of(AT_TWO, CAPPED),
                Map.of("SC-A", AT_TWO.activatedAt().plus(Duration.ofDays(10))),
                TODAY);
        Scorecard otherco = Scorecard.of("otherco", List.of(OTHER), Map.of("SC-C", twoDays), TODAY);

        Standing standing = hostco.standingAmong(List.of(hostco, otherco)).standing();

        assertThat(standing.suppliers()).isEqualTo(2);
        Standing.Figure share = standing.figures().get(0);
        assertThat(share.name()).isEqualTo("shareReachedTwoPointZero");
        assertThat(share.medianOfAllSuppliers()).isEqualByComparingTo("0.75");
        assertThat(share.percentile()).as("otherco reached 2.0 everywhere").isEqualByComparingTo("0");
        Standing.Figure days = standing.figures().get(1);
        assertThat(days.medianOfAllSuppliers()).isEqualByComparingTo("6");
        assertThat(days.percentile()).as("10 days against otherco's 2: slower").isEqualByComparingTo("0");
        Standing.Figure cap = standing.figures().get(2);
        assertThat(cap.percentile())
                .as("0.5 of months at the cap against 0: worse")
                .isEqualByComparingTo("0");
        assertThat(otherco.standingAmong(List.of(hostco, otherco))
                        .standing()
                        .figures()
                        .get(1)
                        .percentile())
                .isEqualByComparingTo("100");
    }
}
