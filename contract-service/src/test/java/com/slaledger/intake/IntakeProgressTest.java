package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class IntakeProgressTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IntakeProgress progress = new IntakeProgress(
            clock,
            TestIntakeProperties.withMaxRecordBytes(1024),
            registry,
            new org.springframework.beans.factory.support.StaticListableBeanFactory(
                            Map.of("registry", new org.springframework.kafka.config.KafkaListenerEndpointRegistry()))
                    .getBeanProvider(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class),
            new com.slaledger.kafka.ListenerRestarts(Duration.ofSeconds(1), Duration.ofMinutes(1)));

    private static ConsumerRecord<String, byte[]> record(int partition, long offset) {
        return new ConsumerRecord<>("contract.commands", partition, offset, "K", new byte[0]);
    }

    @Test
    void aRecordRetriedPastTheThresholdMakesTheIntakeDownUntilItIsAnswered() {
        progress.started(record(1, 7));
        clock.advance(Duration.ofSeconds(90));
        progress.started(record(1, 7));
        assertThat(progress.health().getStatus()).isEqualTo(Status.UP);

        clock.advance(Duration.ofSeconds(60));
        progress.started(record(1, 7));
        assertThat(progress.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(progress.health().getDetails()).containsEntry("oldestUnansweredOffset", 7L);
        assertThat(registry.get("sla.intake.oldest-unanswered.seconds").gauge().value())
                .isEqualTo(150.0);

        progress.answered(record(1, 7));
        assertThat(progress.health().getStatus()).isEqualTo(Status.UP);
        assertThat(registry.get("sla.intake.oldest-unanswered.seconds").gauge().value())
                .isZero();
    }

    @Test
    void theNextRecordOfAPartitionStartsItsOwnClock() {
        progress.started(record(0, 1));
        clock.advance(Duration.ofSeconds(200));
        progress.answered(record(0, 1));
        progress.started(record(0, 2));
        assertThat(progress.health().getStatus()).isEqualTo(Status.UP);
    }
}
