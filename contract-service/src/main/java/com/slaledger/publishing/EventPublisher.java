package com.slaledger.publishing;

import com.slaledger.api.Actor;
import com.slaledger.api.Party;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.Instants;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import com.slaledger.contract.Issuance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
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
 */
@Component
@ProcessingGroup(EventPublisher.PROCESSING_GROUP)
public class EventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING = EventPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, byte[]> kafka;
    private final PublishingProperties properties;
    private final Serializer eventSerializer;

    public EventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            PublishingProperties properties,
            @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.kafka = kafka;
        this.properties = properties;
        this.eventSerializer = eventSerializer;
    }

    @EventHandler(payloadType = ContractEvent.class)
    void on(DomainEventMessage<?> message) {
        // The store's own bytes: a message read from the store hands them over as they are.
        byte[] stored = message.serializePayload(eventSerializer, byte[].class).getData();
        CompletableFuture<SendResult<String, byte[]>> sent =
                kafka.send(properties.eventsTopic(), message.getAggregateIdentifier(), published(message, stored));
        pendingSends().add(sent);
    }

    /**
     * The record {@code contract.events} carries for a stored event whose payload is stored as
     * {@code storedPayload}: byte for byte the envelope with the payload read into a tree (tested),
     * without reading the payload.
     */
    public static byte[] published(DomainEventMessage<?> message, byte[] storedPayload) {
        JsonNode payload =
                JsonNodeFactory.instance.rawValueNode(new RawValue(new String(storedPayload, StandardCharsets.UTF_8)));
        return SlaJson.mapper().writeValueAsBytes(envelope(message, payload));
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
        Class<?> type = message.getPayloadType();
        MetaData meta = message.getMetaData();
        Object party = meta.get(Issuance.PARTY);
        Object issuedAt = meta.get(Issuance.ISSUED_AT);
        return new EventEnvelope(
                message.getIdentifier(),
                ContractEvent.typeOf(type),
                ChainMetadata.revisionOf(type),
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
