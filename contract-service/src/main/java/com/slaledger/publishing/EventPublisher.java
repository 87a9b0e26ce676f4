package com.slaledger.publishing;

import com.slaledger.api.Actor;
import com.slaledger.api.Party;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.Instants;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import com.slaledger.contract.Issuance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.RawValue;

/**
 * Publishes every stored event to {@code contract.events}, read by a streaming processor from the
 * event store (never from a command handler). The sends of one batch go out together and are awaited
 * before the batch's unit of work commits, which is when the processor stores its token: the token
 * only advances past events the broker has acknowledged. A failure rolls the batch back and the
 * processor retries it with back-off (ADR 0007), so publishing pauses while Kafka is down and
 * resumes without loss; commands are accepted meanwhile.
 *
 * <p>The payload goes out as the bytes the event store holds, which are the bytes the hash chain
 * covers: it is never read into its record and written again, which took a third of this
 * processor's time (JFR, ADR 0009). The envelope around it is written as before.
 *
 * <p>Stored bytes that are not one well-formed JSON object in UTF-8 (a row damaged in the database)
 * are not sent: copied into the envelope they would make a record no consumer can read, and read
 * as a String they would be silently altered. The event goes out in its envelope with a null
 * payload, its type, sequence and hashes kept; the error is logged and counted
 * ({@code sla.publisher.unreadable.events}, tag {@code part=payload}), and publishing goes on. Stored
 * metadata that cannot be read ({@code part=metadata}) leaves the envelope without its payload and
 * without what the metadata holds (actor, times, hashes); so does a stored type that is not one of
 * the service's events ({@code part=type}), whose envelope names the type as stored. Such an event
 * was skipped without a word before. The projection parks that contract with
 * the reason; the chain's verification names the damaged event (ADR 0018).
 */
@Component
@ProcessingGroup(EventPublisher.PROCESSING_GROUP)
public class EventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING = EventPublisher.class.getName() + ".pending";
    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final PublishingProperties properties;
    private final Serializer eventSerializer;
    private final MeterRegistry metrics;
    private final Map<String, Counter> unreadable = new ConcurrentHashMap<>();

    public EventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            PublishingProperties properties,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            MeterRegistry metrics) {
        this.kafka = kafka;
        this.properties = properties;
        this.eventSerializer = eventSerializer;
        this.metrics = metrics;
    }

    /** Every stored event, whatever its type: one the service does not know goes out without its payload. */
    @EventHandler
    void on(DomainEventMessage<?> message) {
        // The store's own bytes: a message read from the store hands them over as they are.
        SerializedObject<byte[]> serialized = message.serializePayload(eventSerializer, byte[].class);
        boolean known = ContractEvent.class.isAssignableFrom(message.getPayloadType());
        MetaData meta = metaDataOf(message);
        String text = known && meta != null ? jsonObject(serialized.getData()) : null;
        if (text == null) {
            String part = !known ? "type" : meta == null ? "metadata" : "payload";
            unreadable
                    .computeIfAbsent(
                            part,
                            key -> Counter.builder("sla.publisher.unreadable.events")
                                    .description("stored events published without their payload: their type, payload"
                                            + " or metadata cannot be read")
                                    .tag("part", key)
                                    .register(metrics))
                    .increment();
            log.error(
                    "the stored {} of contract {}'s event at sequence {} ({}, stored as {}) cannot be read: published"
                            + " without its payload",
                    part,
                    message.getAggregateIdentifier(),
                    message.getSequenceNumber(),
                    message.getIdentifier(),
                    serialized.getType().getName());
        }
        Type type = known ? Type.of(message.getPayloadType()) : Type.stored(serialized.getType());
        CompletableFuture<SendResult<String, byte[]>> sent = kafka.send(
                properties.eventsTopic(), message.getAggregateIdentifier(), published(message, type, meta, text));
        pendingSends().add(sent);
    }

    /** The envelope's type and revision: the event class's, or what the row names for one unknown. */
    private record Type(String name, int revision) {

        static Type of(Class<?> eventClass) {
            return new Type(ContractEvent.typeOf(eventClass), ChainMetadata.revisionOf(eventClass));
        }

        static Type stored(SerializedType type) {
            String name = type.getName();
            int revision;
            try {
                revision = type.getRevision() == null ? 0 : Integer.parseInt(type.getRevision());
            } catch (NumberFormatException e) {
                revision = 0;
            }
            return new Type(name.substring(name.lastIndexOf('.') + 1), revision);
        }
    }

    /**
     * The event's metadata, or null when its stored bytes are not one JSON object in well-formed
     * UTF-8 or cannot be read as metadata: the reader alone would take some bytes that are not UTF-8,
     * and alter what the envelope carries.
     */
    private MetaData metaDataOf(DomainEventMessage<?> message) {
        try {
            return jsonObject(message.serializeMetaData(eventSerializer, byte[].class)
                                    .getData())
                            == null
                    ? null
                    : message.getMetaData();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The record {@code contract.events} carries for a stored event whose payload is stored as
     * {@code storedPayload}: byte for byte the envelope with the payload read into a tree (tested),
     * without reading the payload into anything. Stored bytes that are not one JSON object go out
     * as a null payload.
     */
    public static byte[] published(DomainEventMessage<?> message, byte[] storedPayload) {
        return published(message, Type.of(message.getPayloadType()), message.getMetaData(), jsonObject(storedPayload));
    }

    /** {@code meta} null (unreadable) leaves the envelope's metadata fields empty. */
    private static byte[] published(DomainEventMessage<?> message, Type type, MetaData meta, String payloadText) {
        JsonNode payload =
                payloadText == null ? null : JsonNodeFactory.instance.rawValueNode(new RawValue(payloadText));
        return SlaJson.mapper()
                .writeValueAsBytes(envelope(message, type, meta == null ? MetaData.emptyInstance() : meta, payload));
    }

    /**
     * {@code stored} as text when it is one JSON object in well-formed UTF-8, else null. A strict
     * decode and a tokenising pass; never bound. Jackson's reader alone would take some sequences
     * that are not UTF-8 (overlong forms, a lone surrogate), which the String would then alter.
     */
    static String jsonObject(byte[] stored) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(stored))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        try (JsonParser parser = SlaJson.mapper().createParser(stored)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? text : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(work -> CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .join());
            return pending;
        });
    }

    /**
     * The envelope of a stored event around {@code payload}: what {@code contract.events} carries and
     * what the chain covers.
     */
    public static EventEnvelope envelope(DomainEventMessage<?> message, JsonNode payload) {
        return envelope(message, Type.of(message.getPayloadType()), message.getMetaData(), payload);
    }

    private static EventEnvelope envelope(DomainEventMessage<?> message, Type type, MetaData meta, JsonNode payload) {
        Object party = meta.get(Issuance.PARTY);
        Object issuedAt = meta.get(Issuance.ISSUED_AT);
        return new EventEnvelope(
                message.getIdentifier(),
                type.name(),
                type.revision(),
                message.getAggregateIdentifier(),
                message.getSequenceNumber(),
                issuedAt == null ? message.getTimestamp() : Instants.parse(issuedAt.toString()),
                message.getTimestamp(),
                new Actor(party == null ? null : Party.valueOf(party.toString()), text(meta, Issuance.ACTOR)),
                text(meta, Issuance.COMMAND_ID),
                text(meta, Issuance.CORRELATION_ID),
                text(meta, ChainMetadata.CONTRACT_VERSION),
                text(meta, ChainMetadata.PREVIOUS_HASH),
                text(meta, ChainMetadata.HASH),
                payload,
                meta.get(Issuance.RECEIVED_AT) == null
                        ? null
                        : Instants.parse(meta.get(Issuance.RECEIVED_AT).toString()),
                ChainMetadata.chainVersion(meta.get(ChainMetadata.CHAIN_VERSION)));
    }

    private static String text(MetaData meta, String key) {
        Object value = meta.get(key);
        return value == null ? null : value.toString();
    }
}
