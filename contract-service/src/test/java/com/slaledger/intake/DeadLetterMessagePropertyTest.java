package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** A dead letter's message fits the room the dead-letter topic keeps for its headers (ADR 0031). */
class DeadLetterMessagePropertyTest {

    @Property(tries = 300)
    void aMessageIsKeptWholeUpToItsRoomAndCutToItBeyond(@ForAll @StringLength(max = 20_000) String message) {
        String kept = DeadLetters.cut(message);

        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(DeadLetters.MESSAGE_BYTES + 3);
        if (message.length() <= DeadLetters.MESSAGE_BYTES / 4) {
            assertThat(kept).isEqualTo(message);
        } else {
            assertThat(kept).endsWith("...");
            assertThat(message).startsWith(kept.substring(0, kept.length() - 3));
        }
    }
}
