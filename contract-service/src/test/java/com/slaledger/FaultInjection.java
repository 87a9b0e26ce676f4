package com.slaledger;

import com.slaledger.api.CommandResult;
import com.slaledger.intake.CommandProcessor;
import com.slaledger.intake.ContractPositions;
import com.slaledger.intake.IntakeMetrics;
import com.slaledger.intake.IntakeProperties;
import com.slaledger.intake.ProcessedCommands;
import com.slaledger.intake.Reading;
import com.slaledger.intake.ResultPublisher;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets a test make the next publication of a given command's result fail, as a broker outage would,
 * and make a command's processing fail as a bug (final) or a database outage (transient) would.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FaultInjection {

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
            TransactionTemplate transactions,
            IntakeMetrics metrics,
            Clock clock) {
        return new FailingCommandProcessor(gateway, processed, positions, transactions, metrics, clock);
    }

    public static class FailingCommandProcessor extends CommandProcessor {

        private final Set<String> bugs = ConcurrentHashMap.newKeySet();
        private final Set<String> outagesOnce = ConcurrentHashMap.newKeySet();

        FailingCommandProcessor(
                CommandGateway gateway,
                ProcessedCommands processed,
                ContractPositions positions,
                TransactionTemplate transactions,
                IntakeMetrics metrics,
                Clock clock) {
            super(gateway, processed, positions, transactions, metrics, clock);
        }

        /** Processing this command fails every time, as a bug in the service would. */
        public void bugFor(String commandId) {
            bugs.add(commandId);
        }

        /** Processing this command fails once, as a lost database connection would. */
        public void outageOnceFor(String commandId) {
            outagesOnce.add(commandId);
        }

        @Override
        public CommandResult process(Reading reading) {
            if (reading instanceof Reading.Parsed parsed) {
                String commandId = parsed.issuance().commandId();
                if (bugs.contains(commandId)) {
                    throw new IllegalStateException("injected: a bug met this command");
                }
                if (outagesOnce.remove(commandId)) {
                    throw new TransientDataAccessResourceException("injected: the database connection was lost");
                }
            }
            return super.process(reading);
        }
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

        @Override
        public void publish(CommandResult result) {
            if (failOnce.remove(result.commandId()) || failAlways.contains(result.commandId())) {
                throw new IllegalStateException("injected: the broker did not acknowledge the result");
            }
            super.publish(result);
        }
    }
}
