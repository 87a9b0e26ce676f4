package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The text the event log keeps of a record is well-formed UTF-8, as PostgreSQL requires of the
 * rebuild's COPY, and is the text the live writer's String insert stores: whatever the bytes.
 */
class WellFormedTextPropertyTest {

    @Property(tries = 3000)
    void anyBytesBecomeTheUtf8OfTheStringTheyRead(@ForAll @Size(max = 40) byte[] value) {
        byte[] kept = Ingestion.wellFormed(value);

        assertThatCode(() -> StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(kept)))
                .doesNotThrowAnyException();
        assertThat(new String(kept, StandardCharsets.UTF_8)).isEqualTo(new String(value, StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void wellFormedTextIsKeptAsItsOwnBytes(@ForAll String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // a String with a lone surrogate encodes it as '?', so its bytes are well-formed too
        assertThat(Ingestion.wellFormed(utf8)).isEqualTo(utf8);
    }
}
