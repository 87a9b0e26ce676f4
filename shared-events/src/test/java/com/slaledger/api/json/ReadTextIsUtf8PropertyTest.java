package com.slaledger.api.json;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.slaledger.api.event.EventEnvelope;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * What the shared JSON setup reads as an envelope is well-formed UTF-8: projection-service keeps an
 * envelope's bytes as received and its rebuild copies them into PostgreSQL as they are (ADR 0015),
 * which refuses anything else. Bytes that are not UTF-8 make a record unreadable, live and in a
 * rebuild alike.
 */
class ReadTextIsUtf8PropertyTest {

    private static final String ENVELOPE = """
            {"eventId":"e-1","type":"BreachRecorded","revision":1,"contractId":"C-1","sequence":4,\
            "payload":{"description":"<here>"},"hash":"h"}""";

    @Property(tries = 3000)
    void anEnvelopeThatReadsIsUtf8(
            @ForAll @Size(min = 1, max = 6) byte[] inserted, @ForAll @IntRange(min = 0, max = 1) int where) {
        String marker = where == 0 ? "<here>" : "e-1";
        byte[] json = insert(ENVELOPE.getBytes(StandardCharsets.UTF_8), marker, inserted);
        EventEnvelope read;
        try {
            read = SlaJson.mapper().readValue(json, EventEnvelope.class);
        } catch (RuntimeException unreadable) {
            return;
        }
        if (read != null) {
            assertThatCode(() -> StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(json)))
                    .doesNotThrowAnyException();
        }
    }

    private static byte[] insert(byte[] json, String marker, byte[] inserted) {
        String text = new String(json, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(marker) + 1;
        byte[] result = new byte[json.length + inserted.length];
        System.arraycopy(json, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(json, at, result, at + inserted.length, json.length - at);
        return result;
    }
}
