package com.slaledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.contract.Position;
import com.slaledger.contract.RejectedAt;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ADR 0017: a refusal commits its unit of work only when nothing was applied before it. Run on the
 * command bus's rollback rule ({@link AggregateConfiguration#REFUSALS_COMMIT}) with an aggregate
 * that judges refusals as {@code Contract.judgedAt} does, and whose handler can apply an event and
 * then refuse, which none of the contract's handlers do.
 */
class RejectedAtTest {

    record Count(@TargetAggregateIdentifier String id, boolean refuseBefore, boolean refuseAfter) {}

    record Counted(String id) {}

    static class Counter {
        @AggregateIdentifier
        private String id;

        Counter() {}

        @CommandHandler
        @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
        void handle(Count command) {
            if (command.refuseBefore()) {
                throw new CommandRejectedException(RejectionCode.CONTRACT_NOT_ACTIVE, "refused before applying");
            }
            AggregateLifecycle.apply(new Counted(command.id()));
            if (command.refuseAfter()) {
                throw new CommandRejectedException(RejectionCode.CONTRACT_NOT_ACTIVE, "refused after applying");
            }
        }

        @CommandHandlerInterceptor
        Object judgedAt(InterceptorChain chain) throws Exception {
            Long sequence = AggregateLifecycle.getVersion();
            Position seen = sequence == null ? null : new Position(sequence, null);
            try {
                return chain.proceed();
            } catch (CommandRejectedException rejected) {
                throw RejectedAt.of(rejected, seen, AggregateLifecycle.getVersion());
            }
        }

        @EventSourcingHandler
        void on(Counted event) {
            this.id = event.id();
        }
    }

    private final Configuration axon = DefaultConfigurer.defaultConfiguration()
            .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
            .configureCommandBus(c -> SimpleCommandBus.builder()
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .rollbackConfiguration(AggregateConfiguration.REFUSALS_COMMIT)
                    .build())
            .configureAggregate(Counter.class)
            .buildConfiguration();

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private long stored(String id) {
        return axon.eventStore().readEvents(id).asStream().count();
    }

    @Test
    void aRefusalBeforeAnyEventKeepsItsPositionAndStoresNothing() {
        axon.start();
        axon.commandGateway().sendAndWait(new Count("c-1", false, false));

        assertThatThrownBy(() -> axon.commandGateway().sendAndWait(new Count("c-1", true, false)))
                .isInstanceOfSatisfying(
                        RejectedAt.class,
                        at -> assertThat(at.position().sequence()).isZero());
        assertThat(stored("c-1")).isEqualTo(1);
    }

    @Test
    void aRefusalAfterAnAppliedEventRollsItBack() {
        axon.start();
        axon.commandGateway().sendAndWait(new Count("c-2", false, false));

        Throwable refused = catchThrowable(() -> axon.commandGateway().sendAndWait(new Count("c-2", false, true)));

        assertThat(stored("c-2"))
                .as("the event applied before the refusal is not stored")
                .isEqualTo(1);
        assertThat(refused)
                .isInstanceOf(CommandRejectedException.class)
                .isNotInstanceOf(RejectedAt.class)
                .hasMessage("refused after applying");
        axon.commandGateway().sendAndWait(new Count("c-2", false, false));
        assertThat(stored("c-2")).isEqualTo(2);
    }

    @Test
    void aRefusalBeforeTheAggregateExistedHasNoPosition() {
        assertThat(RejectedAt.of(new CommandRejectedException(RejectionCode.CONTRACT_NOT_ACTIVE, "no"), null, null))
                .isNotInstanceOf(RejectedAt.class);
        CommandRejectedException rejected = new CommandRejectedException(RejectionCode.CONTRACT_NOT_ACTIVE, "no");
        assertThat(RejectedAt.of(rejected, new Position(4, "1.0"), 4L))
                .isInstanceOfSatisfying(
                        RejectedAt.class, at -> assertThat(at.position()).isEqualTo(new Position(4, "1.0")));
        assertThat(RejectedAt.of(rejected, new Position(4, "1.0"), 5L)).isSameAs(rejected);
    }
}
