package com.slaledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.kafka.DeletedRecords;
import com.slaledger.projection.ingest.EventConsumer;
import com.slaledger.testsupport.Story;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Records deleted (by {@code kafka-delete-records}, say) before the projection's consumer read them
 * (ADR 0044). A contract whose events were all deleted would be missing from the read models without
 * a word: the deleted records are counted and logged, and the records after them are read.
 *
 * <p>The deletions are made on a topic of this test's own, read by a container of its own with the
 * projection's {@link DeletedRecords} and its counter, as {@link EventConsumer} uses them: records
 * are deleted up to an offset, other tests' events with them, and the read models' rebuilds would
 * then rightly refuse {@code contract.events} for the events it lost (ADR 0040). A context of its own
 * made Spring pause the shared one, which its later tests did not survive.
 */
@ProjectionServiceTest
class DeletedEventsTest {

    static final String TOPIC = "deleted-test.events";

    @Autowired
    EventsTopic.Publisher events;

    @Autowired
    DeletedRecords deletedEvents;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    /** One case: the partition, contracts sent while the consumer is held back, how many of them are deleted, contracts after. */
    record Deletion(int partition, int sent, int deleted, int after, boolean paused) {}

    @Test
    void eventsDeletedBeforeTheConsumerReadThemAreCountedAndTheContractsAfterThemApplied() throws Exception {
        Arbitrary<Deletion> deletions = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 2),
                        Arbitraries.of(true, false))
                .as((partition, sent, share, after, paused) ->
                        new Deletion(partition, sent, 1 + (int) Math.round(share * (sent - 1)), after, paused));
        List<Deletion> cases = new ArrayList<>(deletions.list().ofSize(2).sample());
        cases.add(0, new Deletion(1, 2, 1, 1, false));
        cases.add(new Deletion(2, 2, 2, 1, true));
        // Every record deleted and none after: counted as the consumer takes the partition again.
        cases.add(new Deletion(3, 2, 2, 0, false));

        Set<String> read = ConcurrentHashMap.newKeySet();
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            MessageListenerContainer consumer = container(read);
            consumer.start();
            try {
                for (Deletion deletion : cases) {
                    read(admin, consumer, read, deletion);
                }
            } finally {
                consumer.stop();
                admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The projection's live consumer is held to it by Spring Boot's container factory. */
    @Test
    void theLiveConsumerCountsWhatItIsMovedPast() {
        assertThat(listeners
                        .getListenerContainer(EventConsumer.LISTENER_ID)
                        .getContainerProperties()
                        .getConsumerRebalanceListener())
                .isSameAs(deletedEvents);
    }

    /** A consumer as the live one: the projection's check with every poll, and the keys it was given. */
    private MessageListenerContainer container(Set<String> read) {
        ContainerProperties properties = new ContainerProperties(TOPIC);
        properties.setGroupId("deleted-events-test-" + UUID.randomUUID());
        properties.setConsumerRebalanceListener(deletedEvents);
        properties.setMessageListener((BatchConsumerAwareMessageListener<String, byte[]>) (records, consumer) -> {
            deletedEvents.check(records, consumer);
            records.forEach(record -> read.add(record.key()));
        });
        Map<String, Object> settings = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(settings, new StringDeserializer(), new ByteArrayDeserializer()),
                properties);
    }

    private void read(Admin admin, MessageListenerContainer consumer, Set<String> read, Deletion deletion)
            throws Exception {
        TopicPartition partition = new TopicPartition(TOPIC, deletion.partition());
        double countedBefore = deletedUnread(deletion.partition());
        String sentinel = "DELETED-SENTINEL-" + UUID.randomUUID();
        send(deletion.partition(), Story.contract(sentinel).envelopes());
        await().atMost(Duration.ofSeconds(60)).until(() -> read.contains(sentinel));
        await("the consumer has its partitions")
                .atMost(Duration.ofSeconds(60))
                .until(() -> consumer.getAssignedPartitions() != null
                        && consumer.getAssignedPartitions().size() == 4);
        if (deletion.paused()) {
            consumer.pause();
            await().atMost(Duration.ofSeconds(30)).until(consumer::isContainerPaused);
            // A fetch sent before the pause is held at the broker for at most its fetch
            // wait: once it is answered, nothing sent from here on is read before the resume.
            Thread.sleep(500);
        } else {
            consumer.stop();
        }

        List<String> sent = ids(deletion.sent());
        long firstKept = -1;
        long deletedRecords = 0;
        for (int i = 0; i < sent.size(); i++) {
            List<EventEnvelope> envelopes = Story.contract(sent.get(i)).envelopes();
            long first = send(deletion.partition(), envelopes);
            if (i < deletion.deleted()) {
                deletedRecords += envelopes.size();
            } else if (firstKept < 0) {
                firstKept = first;
            }
        }
        List<String> after = ids(deletion.after());
        long firstAfter = -1;
        for (String id : after) {
            long first = send(deletion.partition(), Story.contract(id).envelopes());
            firstAfter = firstAfter < 0 ? first : firstAfter;
        }
        long deleteBefore = firstKept >= 0 ? firstKept : firstAfter >= 0 ? firstAfter : end(admin, partition);
        admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(deleteBefore)))
                .all()
                .get(30, TimeUnit.SECONDS);
        if (deletion.paused()) {
            consumer.resume();
        } else {
            consumer.start();
        }

        List<String> kept = new ArrayList<>(sent.subList(deletion.deleted(), sent.size()));
        kept.addAll(after);
        await("%s: the contracts kept are read".formatted(deletion))
                .atMost(Duration.ofSeconds(60))
                .until(() -> read.containsAll(kept));
        long counted = deletedRecords;
        await("%s: the deleted records counted".formatted(deletion))
                .atMost(Duration.ofSeconds(30))
                .until(() -> deletedUnread(deletion.partition()) - countedBefore >= counted);
        assertThat(deletedUnread(deletion.partition()) - countedBefore)
                .as("%s: every deleted record counted, and nothing else", deletion)
                .isEqualTo((double) deletedRecords);
        assertThat(sent.subList(0, deletion.deleted()))
                .as("%s: a deleted contract's events are not read", deletion)
                .noneMatch(read::contains);
    }

    private static long end(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                .partitionResult(partition)
                .get(30, TimeUnit.SECONDS)
                .offset();
    }

    private double deletedUnread(int partition) {
        Counter counter = meters.find("sla.projection.events.deleted-unread")
                .tag("partition", Integer.toString(partition))
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("DELETED-" + UUID.randomUUID());
        }
        return ids;
    }

    /** Sends a contract's events to the partition, in order; returns the first one's offset. */
    private long send(int partition, List<EventEnvelope> envelopes) throws Exception {
        long first = -1;
        for (EventEnvelope envelope : envelopes) {
            long offset = events.kafka()
                    .send(
                            TOPIC,
                            partition,
                            envelope.contractId(),
                            SlaJson.mapper().writeValueAsBytes(envelope))
                    .get(30, TimeUnit.SECONDS)
                    .getRecordMetadata()
                    .offset();
            first = first < 0 ? offset : first;
        }
        return first;
    }
}
