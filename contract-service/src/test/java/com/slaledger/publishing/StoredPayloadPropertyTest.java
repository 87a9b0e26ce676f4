package com.slaledger.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slaledger.api.BreachId;
import com.slaledger.api.BreachTreatment;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Measurement;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

/**
 * Whatever bytes the event store holds as a payload, the publisher sends a record every consumer can
 * read: the stored bytes verbatim inside the envelope when they are one JSON object in well-formed
 * UTF-8, else the envelope without a payload. The bytes are generated from a real payload, damaged
 * in ways a disk, a hand-edited row or a wrong encoding would.
 */
class StoredPayloadPropertyTest {

    private static final BreachRecorded EVENT = new BreachRecorded(
            ContractId.of("C-STORED-1"),
            BreachId.of("b-1"),
            ClauseId.of("availability"),
            Instant.parse("2027-01-10T10:00:00Z"),
            new Measurement(new BigDecimal("97.1"), ServiceLevel.Unit.PERCENT),
            "Availability 97.1 % in week 2 – “ärger”",
            BreachTreatment.EXPERIENCE,
            null);
    private static final byte[] STORED = SlaJson.mapper().writeValueAsBytes(EVENT);
    private static final DomainEventMessage<BreachRecorded> MESSAGE = new GenericDomainEventMessage<>(
            "Contract",
            "C-STORED-1",
            7,
            EVENT,
            MetaData.from(Map.of(ChainMetadata.HASH, "ab12", ChainMetadata.PREVIOUS_HASH, "cd34")));

    @Property(tries = 500)
    void everyStoredPayloadGoesOutInAReadableEnvelopeVerbatimOrNotAtAll(@ForAll("storedBytes") byte[] stored) {
        byte[] record = EventPublisher.published(MESSAGE, stored);

        EventEnvelope envelope = SlaJson.mapper().readValue(record, EventEnvelope.class);
        assertThat(envelope.contractId()).isEqualTo("C-STORED-1");
        assertThat(envelope.sequence()).isEqualTo(7);
        assertThat(envelope.type()).isEqualTo("BreachRecorded");
        assertThat(envelope.hash()).isEqualTo("ab12");
        assertThat(envelope.previousHash()).isEqualTo("cd34");
        if (DamagedPayloads.isOneJsonObject(stored)) {
            Statistics.collect("sent verbatim");
            String text = new String(record, StandardCharsets.UTF_8);
            assertThat(text).contains("\"payload\":" + new String(stored, StandardCharsets.UTF_8));
            assertThat(envelope.payload()).isEqualTo(SlaJson.mapper().readTree(stored));
        } else {
            Statistics.collect("sent without payload");
            assertThat(envelope.payload() == null || envelope.payload().isNull())
                    .as("the payload of %s", Arrays.toString(stored))
                    .isTrue();
            assertThatThrownBy(envelope::event).hasMessageContaining("carries no payload");
        }
    }

    @Example
    void theStoredPayloadItselfIsSentAsItIs() {
        assertThat(EventPublisher.published(MESSAGE, STORED))
                .isEqualTo(SlaJson.mapper()
                        .writeValueAsBytes(EventPublisher.envelope(
                                MESSAGE, SlaJson.mapper().valueToTree(EVENT))));
    }

    @Provide
    Arbitrary<byte[]> storedBytes() {
        return DamagedPayloads.of(STORED);
    }
}
