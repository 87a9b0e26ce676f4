package com.slaledger.projection.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.testsupport.Story;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * The line writer of a batch writes each line as the shared JSON setup does without null
 * properties, byte for byte, whichever clauses its lines share and whatever they say; and the
 * shared setup reads each back as the line it was.
 */
class TimelineLineWriterTest {

    @Property(tries = 1000)
    void aBatchOfLinesSharingClausesIsWrittenAsTheSharedSetupWritesEachLine(
            @ForAll("clauses") @Size(min = 1, max = 4) List<ClauseView> clauses,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 15) Integer> picks,
            @ForAll("texts") String summary) {
        TimelineLine.Writer writer = new TimelineLine.Writer();
        for (int i = 0; i < picks.size(); i++) {
            int pick = picks.get(i);
            ClauseView after = pick % 5 == 4 ? null : clauses.get(pick % clauses.size());
            ClauseView before = pick % 3 == 0 ? clauses.get((pick + i) % clauses.size()) : null;
            TimelineLine line = new TimelineLine(
                    pick % 2 == 0 ? null : "1." + i,
                    summary + i,
                    after == null ? null : after.clauseId(),
                    before,
                    after,
                    before == null && after != null);

            byte[] stored = writer.bytes(line);

            assertThat(new String(stored, StandardCharsets.UTF_8))
                    .isEqualTo(TimelineLine.Writer.STORED.writeValueAsString(line));
            assertThat(SlaJson.mapper().readValue(stored, TimelineLine.class)).isEqualTo(line);
            assertThat(hasNull(SlaJson.mapper().readTree(stored)))
                    .as("a null stored")
                    .isFalse();
        }
    }

    @Property(tries = 20)
    void everyLineOfAStoryIsWrittenAsTheSharedSetupWritesIt(@ForAll @IntRange(min = 0, max = 40) int breaches) {
        Story story = Story.toTwoPointZero("P-LINES", "acme", "hostco");
        for (int i = 0; i < breaches; i++) {
            story.creditedBreach("B-" + i, "2027-02-02T10:00:00Z", "0.00", "10.00", "10.00", false);
        }
        List<EventEnvelope> events = story.envelopes();
        TimelineLine.Writer writer = new TimelineLine.Writer();
        List<String> written = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (ContractFold.Transition t : ContractFold.transitions(events)) {
            TimelineLine line = TimelineLine.of(t.event(), t.before(), t.after());
            byte[] stored = writer.bytes(line);
            written.add(new String(stored, StandardCharsets.UTF_8));
            expected.add(TimelineLine.Writer.STORED.writeValueAsString(line));
            assertThat(SlaJson.mapper().readValue(stored, TimelineLine.class)).isEqualTo(line);
        }

        assertThat(written).hasSize(events.size()).isEqualTo(expected);
    }

    private static boolean hasNull(JsonNode node) {
        return node.isNull() || node.values().stream().anyMatch(TimelineLineWriterTest::hasNull);
    }

    @Provide
    Arbitrary<List<ClauseView>> clauses() {
        return clause().list();
    }

    @Provide
    Arbitrary<String> texts() {
        // Quotes, backslashes, control characters, letters beyond ASCII and beyond the BMP.
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("\"\\\u0000\u001f\u00e9\u20ac").ofMaxLength(8),
                Arbitraries.just("\uD83D\uDE00 smile"));
    }

    private Arbitrary<ClauseView> clause() {
        return Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                        texts(),
                        texts().injectNull(0.3),
                        Arbitraries.of(ClauseView.ClauseState.class),
                        Arbitraries.bigDecimals()
                                .between(BigDecimal.ZERO, new BigDecimal("100"))
                                .ofScale(2)
                                .injectNull(0.3),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, 4_000_000_000L).injectNull(0.3))
                .as((id, heading, text, state, credit, due, seconds) -> new ClauseView(
                        id,
                        heading,
                        null,
                        state,
                        text,
                        text == null ? heading : null,
                        seconds == null ? null : LocalDate.of(2027, 3, 1),
                        due,
                        null,
                        null,
                        credit,
                        null,
                        seconds == null ? null : "1.0",
                        seconds == null ? null : Instant.ofEpochSecond(seconds),
                        null,
                        seconds == null ? null : Instant.ofEpochSecond(seconds + 60),
                        seconds == null
                                ? List.of()
                                : List.of(new ClauseView.Term(Instant.ofEpochSecond(seconds + 30), true, null, null))));
    }
}
