package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.testsupport.KafkaServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * An integration system that sends its commands in Kafka transactions, as one that consumes,
 * decides and produces exactly once does: a command in a transaction it aborted was taken back,
 * and is neither carried out nor answered; the commands of its committed transactions are.
 */
@ContractServiceTest
class TransactionalSendersTest {

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    /**
     * The dead sender's {@code transaction.timeout.ms}. The broker looks for timed-out transactions
     * every 10 s ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}), so the
     * partition is held for 3 to 13 s, within the 30 s a result is awaited.
     */
    private static final Duration DEAD_SENDERS_TIMEOUT = Duration.ofSeconds(3);

    @Autowired
    JdbcClient jdbc;

    /** One transaction of a sender: its drafts, and whether it commits or aborts. */
    record Transaction(List<String> contractIds, boolean commits) {}

    /**
     * Generated transactions, committed or aborted, all to one partition, then one command sent
     * without a transaction: once that is answered, every record before it on the partition has been
     * read or passed over.
     */
    @Test
    void onlyTheCommandsOfCommittedTransactionsAreCarriedOut() throws Exception {
        Arbitrary<Transaction> transactions = Combinators.combine(
                        Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
                .as((size, commits) -> new Transaction(
                        java.util.stream.IntStream.range(0, size)
                                .mapToObj(i -> "TXN-" + UUID.randomUUID())
                                .toList(),
                        commits));
        List<Transaction> plan = transactions.list().ofMinSize(8).ofMaxSize(12).sample();
        // Both outcomes, whatever the draw: an aborted one first, a committed one last.
        plan = new ArrayList<>(plan);
        plan.add(0, new Transaction(List.of("TXN-" + UUID.randomUUID()), false));
        plan.add(new Transaction(List.of("TXN-" + UUID.randomUUID()), true));

        List<String> committedCommands = new ArrayList<>();
        List<String> abortedCommands = new ArrayList<>();
        List<String> committedContracts = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> sender = transactional()) {
            sender.initTransactions();
            for (Transaction transaction : plan) {
                sender.beginTransaction();
                for (String contractId : transaction.contractIds()) {
                    var envelope = envelope(Party.CLIENT, draft(contractId));
                    sender.send(onePartition(contractId, bytes(envelope)));
                    (transaction.commits() ? committedCommands : abortedCommands)
                            .add(envelope.get("commandId").asString());
                    if (transaction.commits()) {
                        committedContracts.add(contractId);
                    }
                }
                if (transaction.commits()) {
                    sender.commitTransaction();
                } else {
                    sender.flush();
                    sender.abortTransaction();
                }
            }
        }
        var last = envelope(Party.CLIENT, draft("TXN-LAST-" + UUID.randomUUID()));
        sendWithoutTransaction(0, "TXN-LAST", last);
        assertThat(kafka.awaitResult(last.get("commandId").asString()).status())
                .as("the command after the transactions gets through")
                .isEqualTo(CommandResult.Status.ACCEPTED);

        assertThat(committedCommands)
                .as("every command of a committed transaction is answered")
                .allSatisfy(commandId -> assertThat(kafka.resultsFor(commandId))
                        .singleElement()
                        .satisfies(result -> assertThat(result.status()).isEqualTo(CommandResult.Status.ACCEPTED)));
        assertThat(abortedCommands)
                .as("no command of an aborted transaction is answered")
                .allSatisfy(commandId -> assertThat(kafka.resultsFor(commandId)).isEmpty());
        List<String> stored = jdbc.sql(
                        "SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE aggregate_identifier IN (:planned)")
                .param(
                        "planned",
                        plan.stream()
                                .flatMap(transaction -> transaction.contractIds().stream())
                                .toList())
                .query(String.class)
                .list();
        assertThat(stored)
                .as("the contracts stored are those of the committed transactions, and only those")
                .containsExactlyInAnyOrderElementsOf(committedContracts);
    }

    /**
     * A transaction still open holds back the commands after it on its partition, as Kafka's
     * committed reads do, and only those: another partition's command is answered meanwhile, and
     * once the transaction commits, its command and the one held back behind it are answered too.
     */
    @Test
    void aTransactionStillOpenHoldsBackOnlyItsOwnPartitionUntilItCommits() throws Exception {
        var inTransaction = envelope(Party.CLIENT, draft("TXN-OPEN-" + UUID.randomUUID()));
        var behindIt = envelope(Party.CLIENT, draft("TXN-BEHIND-" + UUID.randomUUID()));
        var elsewhere = envelope(Party.CLIENT, draft("TXN-ELSEWHERE-" + UUID.randomUUID()));
        try (KafkaProducer<byte[], byte[]> sender = transactional()) {
            sender.initTransactions();
            sender.beginTransaction();
            sender.send(onPartition(1, "open", bytes(inTransaction))).get();
            sendWithoutTransaction(1, "behind", behindIt);
            sendWithoutTransaction(2, "elsewhere", elsewhere);

            assertThat(kafka.awaitResult(elsewhere.get("commandId").asString()).status())
                    .isEqualTo(CommandResult.Status.ACCEPTED);
            assertThat(kafka.resultsFor(inTransaction.get("commandId").asString()))
                    .as("a command in a transaction still open is not carried out")
                    .isEmpty();
            assertThat(kafka.resultsFor(behindIt.get("commandId").asString()))
                    .as("nor one after it on its partition")
                    .isEmpty();

            sender.commitTransaction();
        }
        assertThat(kafka.awaitResult(inTransaction.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(kafka.awaitResult(behindIt.get("commandId").asString()).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);
    }

    /**
     * A sender that dies with its transaction open never commits or aborts it: its partition is
     * held until the broker's transaction coordinator aborts the transaction at the producer's
     * {@code transaction.timeout.ms}. The command it held is then passed over, never carried out,
     * and the one held behind it is answered, with no restart and nothing sent by hand.
     */
    @Test
    void aSenderThatDiesWithItsTransactionOpenHoldsItsPartitionOnlyUntilTheTransactionTimesOut() throws Exception {
        var inTransaction = envelope(Party.CLIENT, draft("TXN-DEAD-" + UUID.randomUUID()));
        var behindIt = envelope(Party.CLIENT, draft("TXN-AFTER-DEAD-" + UUID.randomUUID()));
        KafkaProducer<byte[], byte[]> sender =
                transactional(Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) DEAD_SENDERS_TIMEOUT.toMillis()));
        sender.initTransactions();
        sender.beginTransaction();
        sender.send(onPartition(3, "dead", bytes(inTransaction))).get();
        // A forced close sends no abort, as a process that is killed sends none; a graceful close
        // would abort the transaction itself.
        sender.close(Duration.ZERO);
        long died = System.nanoTime();
        sendWithoutTransaction(3, "after-dead", behindIt);

        assertThat(kafka.awaitResult(behindIt.get("commandId").asString()).status())
                .as("the command held behind the dead sender's transaction gets through")
                .isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - died))
                .as("it was held until the transaction timed out, not read past the open transaction")
                .isGreaterThanOrEqualTo(DEAD_SENDERS_TIMEOUT);
        assertThat(kafka.resultsFor(inTransaction.get("commandId").asString()))
                .as("the dead sender's command is not carried out")
                .isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                        .param("id", inTransaction.get("contractId").asString())
                        .query(Long.class)
                        .single())
                .as("nor stored")
                .isZero();
    }

    /** Sends the envelope to the partition as a sender without transactions does, and waits for the broker. */
    private static void sendWithoutTransaction(int partition, String key, ObjectNode envelope) {
        kafka.sendTo(
                "contract.commands",
                partition,
                key.getBytes(StandardCharsets.UTF_8),
                bytes(envelope),
                Map.of(RecordSenders.HEADER, "Bearer " + KafkaTestClient.TOKEN));
    }

    private static ProducerRecord<byte[], byte[]> onePartition(String key, byte[] value) {
        return onPartition(0, key, value);
    }

    private static ProducerRecord<byte[], byte[]> onPartition(int partition, String key, byte[] value) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>("contract.commands", partition, key.getBytes(StandardCharsets.UTF_8), value);
        record.headers()
                .add(RecordSenders.HEADER, ("Bearer " + KafkaTestClient.TOKEN).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<byte[], byte[]> transactional() {
        return transactional(Map.of());
    }

    private static KafkaProducer<byte[], byte[]> transactional(Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(more);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "integration-" + UUID.randomUUID());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
