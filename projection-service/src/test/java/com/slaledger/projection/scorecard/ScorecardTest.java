package com.slaledger.projection.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.Money;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.projection.ProjectionServiceTest;
import com.slaledger.projection.WrittenOutsideTheTopic;
import com.slaledger.projection.ingest.ProjectionWriter;
import com.slaledger.testsupport.Story;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Do they have an SLA 2.0?": the scorecard's figures, aggregated by the database over the rows the
 * writer keeps (ADR 0016), and where a supplier stands, checked by hand.
 */
@ProjectionServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScorecardTest {

    @Autowired
    JdbcClient jdbc;

    /** Written through the writer, not the topic (WrittenOutsideTheTopic), once for the class. */
    @AfterAll
    void forgetWhatWasWrittenOutsideTheTopic() {
        WrittenOutsideTheTopic.forget(jdbc, "SC-_");
    }

    private static final LocalDate TODAY = LocalDate.parse("2027-04-01");

    /** sc-hostco: one contract at 2.0 ten days after activation, one at 1.0 with its month at the cap. */
    private static final Story AT_TWO = Story.contract("SC-A", "acme", "sc-hostco")
            .agreedClause(Story.AVAILABILITY, "5")
            .openClause(Story.RESPONSE_TIME)
            .at("2026-11-01T00:00:00Z")
            .signed() // activated at 03:00
            .at("2026-11-11T01:00:00Z")
            .fillInTogether(Story.RESPONSE_TIME, new com.slaledger.api.ContractVersion(2, 0)) // 2.0 at 03:00
            .creditedBreach("b1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
            .satisfaction("2026-12", 4, true);

    private static final Story CAPPED = Story.contract("SC-B", "beta", "sc-hostco")
            .agreedClause(Story.AVAILABILITY, "5")
            .openClause(Story.RESPONSE_TIME)
            .signed()
            .creditedBreach("b1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false)
            .creditedBreach("b2", "2026-12-04T02:00:00Z", "500.00", "500.00", "500.00", false)
            .creditedBreach("b3", "2026-12-05T02:00:00Z", "1000.00", "500.00", "200.00", true)
            .satisfaction("2026-12", 3, false);

    /** sc-otherco: 2.0 two days after activation, one credited month below the cap. */
    private static final Story OTHER = Story.contract("SC-C", "gamma", "sc-otherco")
            .agreedClause(Story.AVAILABILITY, "5")
            .openClause(Story.RESPONSE_TIME)
            .at("2026-11-01T00:00:00Z")
            .signed()
            .at("2026-11-03T01:00:00Z")
            .fillInTogether(Story.RESPONSE_TIME, new com.slaledger.api.ContractVersion(2, 0))
            .creditedBreach("b1", "2026-12-03T02:00:00Z", "0.00", "500.00", "500.00", false);

    @Autowired
    ProjectionWriter writer;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Scorecards scorecards;

    private Scorecard hostco;
    private Scorecard otherco;

    @BeforeAll
    void written() {
        for (Story story : List.of(AT_TWO, CAPPED, OTHER)) {
            List<EventEnvelope> events = story.envelopes();
            // the last event on its own: the rows are written, then replaced
            transactions.executeWithoutResult(tx -> writer.apply(events.subList(0, events.size() - 1)));
            transactions.executeWithoutResult(tx -> writer.apply(events.subList(events.size() - 1, events.size())));
        }
        Map<String, Scorecard> all =
                scorecards.all(TODAY).stream().collect(Collectors.toMap(Scorecard::supplierId, Function.identity()));
        hostco = all.get("sc-hostco");
        otherco = all.get("sc-otherco");
    }

    @Test
    void theFiguresOfOneSupplier() {
        assertThat(hostco.contracts()).isEqualTo(2);
        assertThat(hostco.clients()).isEqualTo(2);
        assertThat(hostco.activeContracts()).isEqualTo(2);
        assertThat(hostco.reachedTwoPointZero()).isEqualTo(1);
        assertThat(hostco.shareReachedTwoPointZero()).isEqualByComparingTo("0.5");
        assertThat(hostco.breaches()).isEqualTo(4);
        assertThat(hostco.credited()).containsExactly(Money.of("1700.00", "EUR"));
        assertThat(hostco.satisfactionRatings()).isEqualTo(2);
        assertThat(hostco.meanSatisfaction()).isEqualByComparingTo("3.50");
        assertThat(hostco.shareWouldRecommend()).isEqualByComparingTo("0.5");
        assertThat(hostco.clausesFilledIn()).isEqualTo(1);
        ClauseView filledIn = ContractFold.replay(AT_TWO.envelopes())
                .clause(Story.RESPONSE_TIME.value())
                .orElseThrow();
        assertThat(hostco.medianDaysOpenToFilledIn())
                .isEqualTo(Math.round(Duration.between(filledIn.openedAt(), filledIn.filledInAt())
                                        .toSeconds()
                                / 864.0)
                        / 100.0);
    }

    @Test
    void theSla20FiguresOfOneSupplier() {
        assertThat(hostco.sla20().medianDaysFromOneToTwo()).isEqualTo(10.0);
        assertThat(hostco.sla20().clausesOpenPastReviewBy())
                .as("SC-B's response time, due 2027-03-01")
                .isEqualTo(1);
        assertThat(hostco.sla20().shareOfMonthsAtCap())
                .as("two months with credits, SC-B's December at the cap")
                .isEqualByComparingTo("0.5");
        assertThat(otherco.sla20().medianDaysFromOneToTwo()).isEqualTo(2.0);
        assertThat(otherco.sla20().shareOfMonthsAtCap()).isEqualByComparingTo("0");
    }

    /** Its queries read one snapshot: the repository is wrapped in its read-only transaction. */
    @Test
    void itsQueriesRunInOneTransaction() {
        assertThat(AopUtils.isAopProxy(scorecards)).isTrue();
    }

    @Test
    void whereASupplierStandsAmongAllOfThem() {
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
