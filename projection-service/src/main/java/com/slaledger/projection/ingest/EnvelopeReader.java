package com.slaledger.projection.ingest;

import com.slaledger.api.ContractId;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractEvents;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Reads a record of {@code contract.events} as its envelope and its event, the way
 * {@link EventEnvelope} and {@link EventEnvelope#event()} read it, without the payload's tree in
 * between (ADR 0009): the payload is read straight into its event's record. The tree and the walk
 * over it were a quarter of what the rebuild's writers allocated. A record this cannot read so (no
 * payload, the payload twice or before the type, an unknown type, an event that does not read,
 * anything after the envelope) is read through the tree as before, so that every record ends as
 * that reading ends it; {@code EnvelopeReaderPropertyTest} holds the two to each other over damaged
 * records of every event type.
 */
final class EnvelopeReader {

    /**
     * A record read: its envelope, and its event where that could be read. An envelope with an event
     * has no payload (the event is its payload, read); one without keeps its payload, where the
     * writer reads it again and fails its contract with the reason.
     */
    record Read(EventEnvelope envelope, ContractEvent event) {}

    /** A reader per event type, for a payload in the middle of its envelope. */
    private static final Map<String, ObjectReader> EVENTS = ContractEvents.all().entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(
                    Map.Entry::getKey,
                    type -> SlaJson.mapper()
                            .readerFor(type.getValue())
                            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)));

    private static final ObjectReader ENVELOPE = SlaJson.mapper().readerFor(EventEnvelope.class);

    private EnvelopeReader() {}

    /** The record read, or null when it holds no envelope of a well-formed contract id. */
    static Read read(byte[] value) {
        Read direct = readDirect(value);
        return direct != null ? direct : readWithTree(value);
    }

    /**
     * Envelope and event read in one pass, or null where only the tree can tell how the record
     * reads. The envelope's other members are kept as tokens and read as the envelope at the end;
     * the payload is read as its event where it comes, which needs the type before it (the
     * publisher writes the members in the record's order).
     */
    static Read readDirect(byte[] value) {
        try (JsonParser parser = SlaJson.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            TokenBuffer members = TokenBuffer.forBuffering(parser, parser.objectReadContext());
            members.writeStartObject();
            String type = null;
            ContractEvent event = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals("payload")) {
                    ObjectReader reader = type == null ? null : EVENTS.get(type);
                    if (reader == null || event != null) {
                        return null;
                    }
                    event = reader.readValue(new NumbersAsInATree(parser));
                    if (event == null || !endsWithThePayload(parser)) {
                        return null;
                    }
                    continue;
                }
                if (name.equals("type")) {
                    // A second type, or one after the payload, is not the one it was read as.
                    if (type != null || event != null || token != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    type = parser.getString();
                }
                members.writeName(name);
                members.copyCurrentStructure(parser);
            }
            if (event == null || parser.nextToken() != null) {
                return null;
            }
            members.writeEndObject();
            EventEnvelope envelope = ENVELOPE.readValue(members.asParser(parser.objectReadContext()));
            return envelope != null && ContractId.isWellFormed(envelope.contractId())
                    ? new Read(envelope, event)
                    : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The reading through the payload's tree: what {@link #read} answers for every record. */
    static Read readWithTree(byte[] value) {
        EventEnvelope envelope;
        try {
            envelope = SlaJson.mapper().readValue(value, EventEnvelope.class);
        } catch (RuntimeException e) {
            return null;
        }
        if (envelope == null || !ContractId.isWellFormed(envelope.contractId())) {
            return null;
        }
        ContractEvent event;
        try {
            event = envelope.event();
        } catch (RuntimeException e) {
            return new Read(envelope, null);
        }
        return new Read(envelope.withPayload(null), event);
    }

    /**
     * Whether the event's reading stopped where its payload ends. Streamed, an array inside an array
     * of strings can end the reading of an event early, with the fields after it missing, where
     * the tree refuses it.
     */
    private static boolean endsWithThePayload(JsonParser parser) {
        TokenStreamContext context = parser.streamReadContext();
        return context.getNestingDepth() == 1 && "payload".equals(context.currentName());
    }

    /**
     * A number read as text (a number where the event has a string) as the tree's node of it writes
     * it: {@code 1e3} as {@code 1E+3}, {@code -0} as {@code 0}, where the parser gives the text as
     * written.
     */
    private static final class NumbersAsInATree extends JsonParserDelegate {

        NumbersAsInATree(JsonParser parser) {
            super(parser);
        }

        private boolean atNumber() {
            return delegate.currentToken() == JsonToken.VALUE_NUMBER_INT
                    || delegate.currentToken() == JsonToken.VALUE_NUMBER_FLOAT;
        }

        private String number() {
            return delegate.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
                    ? delegate.getDecimalValue().toString()
                    : delegate.getNumberValue().toString();
        }

        @Override
        public String getString() {
            return atNumber() ? number() : delegate.getString();
        }

        @Override
        public String getValueAsString() {
            return atNumber() ? number() : delegate.getValueAsString();
        }

        @Override
        public String getValueAsString(String defaultValue) {
            return atNumber() ? number() : delegate.getValueAsString(defaultValue);
        }

        @Override
        public boolean hasStringCharacters() {
            return !atNumber() && delegate.hasStringCharacters();
        }
    }
}
