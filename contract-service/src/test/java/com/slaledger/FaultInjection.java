package com.slaledger;

import com.slaledger.api.CommandResult;
import com.slaledger.api.RejectionCode;
import com.slaledger.eventstore.CachedContracts;
import com.slaledger.intake.CommandBatch;
import com.slaledger.intake.CommandProcessor;
import com.slaledger.intake.ContractPositions;
import com.slaledger.intake.IntakeMetrics;
import com.slaledger.intake.IntakeProperties;
import com.slaledger.intake.ProcessedCommands;
import com.slaledger.intake.Reading;
import com.slaledger.intake.RecordSenders;
import com.slaledger.intake.ResultPublisher;
import com.slaledger.intake.SenderVouches;
import com.slaledger.intake.ServiceKeys;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets a test make the next publication of a given command's result fail, as a broker outage would,
 * and make a command's processing fail as a bug (final) or a database outage (transient) would.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FaultInjection {

    @Bean
    @Primary
    UnreachableKeys unreachableKeys(JdbcClient jdbc) {
        return new UnreachableKeys(jdbc);
    }

    /** The service's keys, whose database a test makes fail the next reads, as a lost connection would. */
    public static class UnreachableKeys extends ServiceKeys {

        private final AtomicInteger failures = new AtomicInteger();

        UnreachableKeys(JdbcClient jdbc) {
            super(jdbc);
        }

        public void failNext(int times) {
            failures.set(times);
        }

        public int failuresLeft() {
            return failures.get();
        }

        @Override
        public byte[] secret(String name) {
            if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new TransientDataAccessResourceException("injected: the database does not answer");
            }
            return super.secret(name);
        }
    }

    @Bean
    @Primary
    FailingResultPublisher failingResultPublisher(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
        return new FailingResultPublisher(kafka, properties);
    }

    @Bean
    @Primary
    FailingCommandProcessor failingCommandProcessor(
            CommandGateway gateway,
            ProcessedCommands processed,
            ContractPositions positions,
            CachedContracts cached,
            TransactionTemplate transactions,
            IntakeMetrics metrics,
            Clock clock) {
        return new FailingCommandProcessor(gateway, processed, positions, cached, transactions, metrics, clock);
    }

    @Bean
    @Primary
    FailingRecordSenders failingRecordSenders(
            JwtDecoder tokens, IntakeProperties properties, SenderVouches vouches, Clock clock) {
        return new FailingRecordSenders(new KeysOutOfReach(tokens), properties, vouches, clock);
    }

    /** The service's decoder, made to fail for a token as it does when the identity provider's keys are out of reach. */
    static final class KeysOutOfReach implements JwtDecoder {

        private final JwtDecoder decoder;
        private final Set<String> once = ConcurrentHashMap.newKeySet();

        KeysOutOfReach(JwtDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public Jwt decode(String token) {
            if (once.remove(token)) {
                // What NimbusJwtDecoder throws when it cannot fetch the JWK set: not a BadJwtException.
                throw new JwtException(
                        "An error occurred while attempting to decode the Jwt: Couldn't retrieve remote JWK set",
                        new ConnectException("injected: the identity provider does not answer"));
            }
            return decoder.decode(token);
        }
    }

    /** The sender check of a record, made to fail as a bug in it, or in its decoder's reach, would. */
    public static class FailingRecordSenders extends RecordSenders {

        private final Set<String> bugs = ConcurrentHashMap.newKeySet();
        private final KeysOutOfReach decoder;

        FailingRecordSenders(KeysOutOfReach decoder, IntakeProperties properties, SenderVouches vouches, Clock clock) {
            super(decoder, properties, vouches, clock);
            this.decoder = decoder;
        }

        /** Checking the sender of the record holding this command fails every time. */
        public void bugFor(String commandId) {
            bugs.add(commandId);
        }

        /** Decoding this token fails once, as when the identity provider's keys cannot be fetched. */
        public void keysOutOfReachOnceFor(String token) {
            decoder.once.add(token);
        }

        @Override
        public Sender of(ConsumerRecord<?, ?> record) {
            if (record.value() instanceof byte[] bytes
                    && bugs.stream().anyMatch(new String(bytes, StandardCharsets.UTF_8)::contains)) {
                throw new IllegalStateException("injected: a bug met this record's sender check");
            }
            return super.of(record);
        }
    }

    /**
     * A batch holding a command with an injected fault fails as a whole, as it would in reality;
     * the intake then handles its records one at a time, where {@link FailingCommandProcessor}
     * fails that one command.
     */
    @Bean
    @Primary
    CommandBatch failingCommandBatch(
            FailingCommandProcessor processor,
            ProcessedCommands processed,
            ContractPositions positions,
            CachedContracts cached,
            TransactionManager transactions,
            IntakeMetrics metrics,
            IntakeProperties properties) {
        return new CommandBatch(processor, processed, positions, cached, transactions, metrics, properties) {
            @Override
            public List<CommandResult> process(List<Reading> readings, long deadlineNanos) {
                for (Reading reading : readings) {
                    if (processor.wouldFail(reading)) {
                        throw new IllegalStateException("injected: a command of this batch meets a fault");
                    }
                }
                return super.process(readings, deadlineNanos);
            }
        };
    }

    public static class FailingCommandProcessor extends CommandProcessor {

        private final Set<String> bugs = ConcurrentHashMap.newKeySet();
        private final Set<String> outagesOnce = ConcurrentHashMap.newKeySet();
        private final Set<String> buggyContracts = ConcurrentHashMap.newKeySet();
        private final Set<String> contractOutagesOnce = ConcurrentHashMap.newKeySet();
        private final java.util.Map<String, Error> errorsOnce = new ConcurrentHashMap<>();

        FailingCommandProcessor(
                CommandGateway gateway,
                ProcessedCommands processed,
                ContractPositions positions,
                CachedContracts cached,
                TransactionTemplate transactions,
                IntakeMetrics metrics,
                Clock clock) {
            super(gateway, processed, positions, cached, transactions, metrics, clock);
        }

        boolean wouldFail(Reading reading) {
            return reading instanceof Reading.Parsed parsed
                    && (bugs.contains(parsed.issuance().commandId())
                            || errorsOnce.containsKey(parsed.issuance().commandId())
                            || outagesOnce.contains(parsed.issuance().commandId())
                            || contractOutagesOnce.contains(
                                    parsed.command().contractId().value())
                            || buggyContracts.contains(
                                    parsed.command().contractId().value()));
        }

        /** Processing any command for this contract fails, as a bug in the service would, until {@link #fixContract}. */
        public void bugForContract(String contractId) {
            buggyContracts.add(contractId);
        }

        public void fixContract(String contractId) {
            buggyContracts.remove(contractId);
        }

        /** The next command for this contract fails once, as a lost database connection would. */
        public void outageOnceForContract(String contractId) {
            contractOutagesOnce.add(contractId);
        }

        /** Processing this command fails every time, as a bug in the service would. */
        public void bugFor(String commandId) {
            bugs.add(commandId);
        }

        /** Processing this command fails once, as a lost database connection would. */
        public void outageOnceFor(String commandId) {
            outagesOnce.add(commandId);
        }

        /** Processing this command throws {@code error} once, as a heap that ran out or a stack overflow would. */
        public void errorOnceFor(String commandId, Error error) {
            errorsOnce.put(commandId, error);
        }

        @Override
        public CommandResult process(Reading reading) {
            if (reading instanceof Reading.Parsed parsed) {
                String commandId = parsed.issuance().commandId();
                Error error = errorsOnce.remove(commandId);
                if (error != null) {
                    throw error;
                }
                if (bugs.contains(commandId)
                        || buggyContracts.contains(parsed.command().contractId().value())) {
                    throw new IllegalStateException("injected: a bug met this command");
                }
                if (outagesOnce.remove(commandId)
                        || contractOutagesOnce.remove(
                                parsed.command().contractId().value())) {
                    throw new TransientDataAccessResourceException("injected: the database connection was lost");
                }
            }
            return super.process(reading);
        }
    }

    @Bean
    PublisherErrors publisherErrors() {
        return new PublisherErrors();
    }

    /** The event publisher's processor, made to meet an {@link Error} on a contract's next event. */
    public static class PublisherErrors {

        private final java.util.Map<String, Error> once = new ConcurrentHashMap<>();

        /** Publishing the next event of this contract throws {@code error}, once. */
        public void errorOnceFor(String contractId, Error error) {
            once.put(contractId, error);
        }
    }

    @Bean
    org.axonframework.config.ConfigurerModule publisherMeetsErrors(PublisherErrors errors) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerHandlerInterceptor(
                com.slaledger.publishing.EventPublisher.PROCESSING_GROUP, c -> (unitOfWork, chain) -> {
                    if (unitOfWork.getMessage()
                            instanceof org.axonframework.eventhandling.DomainEventMessage<?> event) {
                        Error error = errors.once.remove(event.getAggregateIdentifier());
                        if (error != null) {
                            throw error;
                        }
                    }
                    return chain.proceed();
                }));
    }

    public static class FailingResultPublisher extends ResultPublisher {

        private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
        private final Set<String> failAlways = ConcurrentHashMap.newKeySet();

        FailingResultPublisher(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
            super(kafka, properties);
        }

        public void failOnceFor(String commandId) {
            failOnce.add(commandId);
        }

        public void failAlwaysFor(String commandId) {
            failAlways.add(commandId);
        }

        /** The fault is fixed: results for this command go out again. */
        public void recover(String commandId) {
            failAlways.remove(commandId);
        }

        /**
         * Fails the command's result, not the INTERNAL_ERROR answer the dead-letter step sends once
         * retries are exhausted: the fault is in delivering what processing produced.
         */
        @Override
        public CompletableFuture<?> send(CommandResult result) {
            boolean deadLetterAnswer = result.code() == RejectionCode.INTERNAL_ERROR;
            if (!deadLetterAnswer && (failOnce.remove(result.commandId()) || failAlways.contains(result.commandId()))) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("injected: the broker did not acknowledge the result"));
            }
            return super.send(result);
        }
    }
}
