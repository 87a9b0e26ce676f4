package com.slaledger.contract;

import com.slaledger.api.Actor;
import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

/**
 * The aggregate behind Axon's own command bus and an in-memory event store, for properties that
 * run many short stories: each command goes the way it goes in the service, and a refusal comes
 * back as its code. Start it once per test class and stop it after.
 */
final class InMemoryContracts {

    private final Configuration axon = DefaultConfigurer.defaultConfiguration()
            .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
            .configureAggregate(Contract.class)
            .buildConfiguration();

    InMemoryContracts start() {
        axon.start();
        return this;
    }

    void stop() {
        axon.shutdown();
    }

    /** The command's rejection code, or null when it was accepted. */
    RejectionCode send(Party party, Object command, Instant receivedAt) {
        Issuance issuance =
                new Issuance(UUID.randomUUID().toString(), new Actor(party, "prop"), receivedAt, null, null);
        try {
            axon.commandGateway()
                    .sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(issuance.toMetaData()));
            return null;
        } catch (CommandRejectedException rejected) {
            return rejected.code();
        }
    }

    List<DomainEventMessage<?>> events(ContractId id) {
        return axon.eventStore()
                .readEvents(id.value())
                .asStream()
                .<DomainEventMessage<?>>map(e -> e)
                .toList();
    }
}
