package com.slaledger.publishing;

import com.slaledger.api.Actor;
import com.slaledger.api.Party;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.Instants;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.ChainMetadata;
import com.slaledger.contract.Issuance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes every stored event to {@code contract.events}, read by a streaming processor from the
 * event store (never from a command handler). The sends of one batch go out together and are awaited
 * before the batch's unit of work commits, which is when the processor stores its token: the token
 * only advances past events the broker has acknowledged. A failure rolls the batch back and the
 * processor retries it with back-off (ADR 0007), so publishing pauses while Kafka is down and
 * resumes without loss; commands are accepted meanwhile.
 */
@Component
@ProcessingGroup(EventPublisher.PROCESSING_GROUP)
public class EventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING = EventPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, byte[]> kafka;
    private final PublishingProperties properties;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, PublishingProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @EventHandler
    void on(ContractEvent event, DomainEventMessage<ContractEvent> message) {
        EventEnvelope envelope = envelope(event, message);
        CompletableFuture<SendResult<String, byte[]>> sent = kafka.send(
                properties.eventsTopic(),
                envelope.contractId(),
                SlaJson.mapper().writeValueAsBytes(envelope));
        pendingSends().add(sent);
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

    /** The envelope of a stored event: what {@code contract.events} carries and what the chain covers. */
    public static EventEnvelope envelope(ContractEvent event, DomainEventMessage<?> message) {
        MetaData meta = message.getMetaData();
        Object party = meta.get(Issuance.PARTY);
        Object issuedAt = meta.get(Issuance.ISSUED_AT);
        return new EventEnvelope(
                message.getIdentifier(),
                event.type(),
                ChainMetadata.revisionOf(event),
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
                SlaJson.mapper().valueToTree(event),
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
