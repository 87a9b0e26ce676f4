package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.RejectionCode;
import com.slaledger.failure.Failures;
import com.slaledger.kafka.DeletedRecords;
import com.slaledger.kafka.HeldFetch;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener container of the command intake: a poll at a time, offsets committed
 * after each poll's records are all answered, transient failures retried from the failing record
 * with exponential back-off and, once {@code sla.intake.retry-max-elapsed} has passed, that record
 * dead-lettered by Spring Kafka.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaIntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeConfiguration.class);

    /**
     * What reaches this handler is transient by construction (the listener settles every other
     * failure at once, ADR 0011): it is retried with exponential back-off. Once
     * {@code sla.intake.retry-max-elapsed} has passed, the record goes to the dead-letter topic and,
     * where its commandId can be read, its sender gets an INTERNAL_ERROR result (not remembered, so
     * a resend may succeed). The recoverer cannot fail on the record's content: it dead-letters the
     * raw bytes first, and a failure to read or answer the record after that is only logged.
     */
    @Bean
    DefaultErrorHandler commandErrorHandler(
            ResultPublisher results,
            IntakeProperties properties,
            EnvelopeReader reader,
            DeadLetters deadLetters,
            Clock clock) {
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            deadLetters.send(record, "RETRIES_EXHAUSTED", Failures.describe(exception));
            try {
                String commandId = record.value() instanceof byte[] bytes ? reader.commandIdOf(bytes) : null;
                if (commandId != null) {
                    String key = record.key() instanceof byte[] bytes ? KeptKeys.shown(bytes) : null;
                    results.send(CommandResult.rejected(
                                    commandId,
                                    ContractId.isWellFormed(key) ? key : null,
                                    null,
                                    RejectionCode.INTERNAL_ERROR,
                                    "the command could not be processed and was dead-lettered: "
                                            + Failures.describe(exception),
                                    null,
                                    null,
                                    clock.instant()))
                            .get(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                log.error(
                        "dead-lettered {}-{}@{} but could not answer it",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e);
            }
        };
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        return new DefaultErrorHandler(recoverer, backOff);
    }

    /** Commands the broker deleted before the intake read them, counted and logged (ADR 0044). */
    @Bean
    DeletedRecords deletedCommands(IntakeMetrics metrics) {
        return new DeletedRecords(
                "their commands were not carried out and their senders get no result",
                (partition, records) -> metrics.deletedUnread(partition.partition(), records));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> commandListenerFactory(
            ConsumerFactory<byte[], byte[]> consumerFactory,
            DefaultErrorHandler commandErrorHandler,
            DeletedRecords deletedCommands,
            IntakeProperties properties) {
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        Map<String, Object> heldFetch =
                properties.groupCommit() ? HeldFetch.settings(properties.fetchWait()) : Map.of();
        factory.setContainerCustomizer(container -> {
            // The consumer sends its next fetch as a poll is handed over, and the broker answers it
            // with the first command to arrive: the commands that arrive while the poll is handled
            // were left for the poll after next. Held for fetchWait, the fetch brings them to the
            // next one (ADR 0009).
            container.getContainerProperties().getKafkaConsumerProperties().putAll(heldFetch);
            // Commands the broker deleted before the intake read them are counted, not passed over
            // without a word (ADR 0044).
            container.getContainerProperties().setConsumerRebalanceListener(deletedCommands);
        });
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(commandErrorHandler);
        // A poll at a time (CommandListener, CommandBatch): one transaction and one commit for many commands.
        factory.setBatchListener(true);
        // Offsets are committed once per poll, after every record of it has its transaction and its
        // acknowledged result; a crash in between redelivers records whose stored results are sent
        // again. Committing per record cost a broker round trip per command (ADR 0009).
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        // ... and without waiting for the broker's answer: the next poll starts at once. A commit
        // that is lost redelivers answered records, which are answered again from their stored
        // results; a later commit covers an earlier one (ADR 0009).
        factory.getContainerProperties().setSyncCommits(false);
        return factory;
    }
}
