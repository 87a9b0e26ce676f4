package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.testsupport.KafkaServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records of {@code contract.commands} deleted by the broker (a retention, {@code
 * kafka-delete-records}) while the intake had not read them yet (ADR 0044). They are gone, so their
 * commands cannot be carried out; what must not happen is that the intake moves past them without a
 * word, or stops. Each case holds the intake back from a partition, sends commands to it, deletes
 * the first of them from the broker, sends more and lets the intake read on. Records are deleted up
 * to an offset, so other tests' records before it go too: they were all answered before the
 * sentinel was, and no test reads a command from the topic's start.
 */
@ContractServiceTest
class DeletedCommandsTest {

    @RegisterExtension
    static final KafkaTestClient kafka = new KafkaTestClient();

    private static final String GROUP = "contract-service";

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    /** How the intake is held back while the records are deleted. */
    enum HeldBack {
        /** Stopped and started again: it takes the partition again at its committed offset. */
        STOPPED,
        /** Stopped, and the group's offset for the partition deleted, as an expired offset is. */
        STOPPED_OFFSET_LOST,
        /** Paused and resumed: the running consumer finds its place gone at its next fetch. */
        PAUSED
    }

    /**
     * One case: the partition, how many commands are sent while the intake is held back, how many
     * of them the broker deletes, how many follow, and how the intake is held back.
     */
    record Deletion(int partition, int sent, int deleted, int after, HeldBack heldBack) {}

    @Test
    void commandsDeletedBeforeTheIntakeReadThemAreCountedAndTheIntakeReadsOnFromTheFirstLeft() throws Exception {
        Arbitrary<Deletion> deletions = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(HeldBack.class))
                .as((partition, sent, share, after, heldBack) -> new Deletion(
                        partition,
                        sent,
                        1 + (int) Math.round(share * (sent - 1)),
                        // A running consumer moves past deleted records without a word; the intake
                        // sees it at the next record it is given (DeletedRecords).
                        heldBack == HeldBack.PAUSED ? Math.max(1, after) : after,
                        heldBack));
        List<Deletion> cases = new ArrayList<>(deletions.list().ofSize(3).sample());
        // Every kind, whatever the draw.
        cases.add(0, new Deletion(2, 3, 2, 1, HeldBack.STOPPED));
        cases.add(new Deletion(1, 2, 1, 2, HeldBack.PAUSED));
        cases.add(new Deletion(0, 2, 1, 1, HeldBack.STOPPED_OFFSET_LOST));
        // Every record deleted and none after: counted as the intake takes the partition.
        cases.add(new Deletion(3, 2, 2, 0, HeldBack.STOPPED));

        MessageListenerContainer intake = listeners.getListenerContainer(CommandListener.ID);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaServer.bootstrapServers()))) {
            for (Deletion deletion : cases) {
                TopicPartition partition = new TopicPartition("contract.commands", deletion.partition());
                double countedBefore = deletedUnread(deletion.partition());

                // The intake has read the partition up to here.
                var sentinel = envelope(Party.CLIENT, draft("DELETED-SENTINEL-" + UUID.randomUUID()));
                long sentinelAt = send(deletion.partition(), sentinel);
                assertThat(kafka.awaitResult(sentinel.get("commandId").asString())
                                .status())
                        .isEqualTo(CommandResult.Status.ACCEPTED);
                holdBack(intake, admin, partition, sentinelAt, deletion.heldBack());

                List<ObjectNode> sent = commands(deletion.sent());
                long first = -1;
                for (ObjectNode command : sent) {
                    long at = send(deletion.partition(), command);
                    first = first < 0 ? at : first;
                }
                admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(first + deletion.deleted())))
                        .all()
                        .get();
                List<ObjectNode> after = commands(deletion.after());
                after.forEach(command -> send(deletion.partition(), command));
                if (deletion.heldBack() == HeldBack.PAUSED) {
                    intake.resume();
                } else {
                    intake.start();
                }

                List<ObjectNode> left = new ArrayList<>(sent.subList(deletion.deleted(), sent.size()));
                left.addAll(after);
                for (ObjectNode command : left) {
                    String commandId = command.get("commandId").asString();
                    assertThat(kafka.awaitResult(commandId).status())
                            .as("%s: a command the broker kept is carried out", deletion)
                            .isEqualTo(CommandResult.Status.ACCEPTED);
                    assertThat(kafka.resultsFor(commandId)).as("answered once").hasSize(1);
                }
                assertThat(sent.subList(0, deletion.deleted()))
                        .as("%s: a deleted command cannot be carried out", deletion)
                        .allSatisfy(command -> assertThat(kafka.resultsFor(
                                        command.get("commandId").asString()))
                                .isEmpty());
                double counted = deletion.heldBack() == HeldBack.STOPPED_OFFSET_LOST ? 0.0 : deletion.deleted();
                await(deletion + " counted")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> deletedUnread(deletion.partition()) - countedBefore >= counted);
                assertThat(deletedUnread(deletion.partition()) - countedBefore)
                        .as(
                                "%s: the deleted records are counted where the intake had a place to lose;"
                                        + " a partition it has no offset for is read from its first record",
                                deletion)
                        .isEqualTo(counted);
            }
        } finally {
            if (intake.isPauseRequested()) {
                intake.resume();
            }
            if (!intake.isRunning()) {
                intake.start();
            }
        }
    }

    private static void holdBack(
            MessageListenerContainer intake, Admin admin, TopicPartition partition, long sentinelAt, HeldBack how)
            throws Exception {
        if (how == HeldBack.PAUSED) {
            intake.pause();
            await("the intake's consumer paused").atMost(Duration.ofSeconds(30)).until(intake::isContainerPaused);
            // A fetch sent before the pause is held at the broker for at most 10 ms: once it is
            // answered, no record sent from here on reaches the consumer before it resumes.
            Thread.sleep(500);
            return;
        }
        intake.stop();
        await("the sentinel's offset committed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> committed(admin, partition) == sentinelAt + 1);
        if (how == HeldBack.STOPPED_OFFSET_LOST) {
            admin.deleteConsumerGroupOffsets(GROUP, Set.of(partition)).all().get();
        }
    }

    private double deletedUnread(int partition) {
        Counter counter = meters.find("sla.commands.deleted-unread")
                .tag("partition", Integer.toString(partition))
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long committed(Admin admin, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private static List<ObjectNode> commands(int count) {
        List<ObjectNode> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(envelope(Party.CLIENT, draft("DELETED-" + UUID.randomUUID())));
        }
        return commands;
    }

    /** Sends to the partition and says at which offset the broker stored the record. */
    private static long send(int partition, ObjectNode envelope) {
        return kafka.sendTo(
                        "contract.commands",
                        partition,
                        envelope.get("contractId").asString().getBytes(StandardCharsets.UTF_8),
                        bytes(envelope),
                        Map.of(RecordSenders.HEADER, "Bearer " + KafkaTestClient.TOKEN))
                .offset();
    }
}
