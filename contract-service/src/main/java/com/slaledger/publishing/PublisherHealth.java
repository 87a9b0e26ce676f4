package com.slaledger.publishing;

import com.slaledger.kafka.ListenerRestarts;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Whether the event publisher runs, and its restart after an {@link Error}. Axon's tracking
 * processor catches exceptions and retries them with back-off (ADR 0007), but an Error ends its
 * worker and leaves the processor in its error state for good: stored events would no longer reach
 * {@code contract.events} while commands were still accepted. Each second this looks for that state
 * and has {@link ListenerRestarts} start the processor again, from its stored token: the batch that
 * met the Error was rolled back and is published again (ADR 0036). The health indicator {@code
 * eventPublishing} is DOWN while the processor does not run.
 */
@Component("eventPublishing")
public class PublisherHealth implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final ListenerRestarts restarts;

    public PublisherHealth(EventProcessingConfiguration processing, ListenerRestarts restarts) {
        this.processing = processing;
        this.restarts = restarts;
    }

    @Scheduled(fixedDelay = 1000)
    void watch() {
        processor()
                .filter(TrackingEventProcessor::isError)
                .ifPresent(processor -> restarts.stoppedByAnError(new ListenerRestarts.Restartable() {
                    @Override
                    public String id() {
                        return EventPublisher.PROCESSING_GROUP;
                    }

                    @Override
                    public boolean isRunning() {
                        return processor.isRunning();
                    }

                    @Override
                    public boolean isWindingDown() {
                        return processor.activeProcessorThreads() > 0;
                    }

                    @Override
                    public void start() {
                        processor.start();
                    }
                }));
    }

    @Override
    public Health health() {
        Optional<TrackingEventProcessor> processor = processor();
        if (processor.isEmpty() || processor.get().isRunning()) {
            return Health.up().build();
        }
        return Health.down()
                .withDetail(
                        "processor",
                        restarts.pending(EventPublisher.PROCESSING_GROUP)
                                .orElse(
                                        processor.get().isError()
                                                ? "stopped by an Error"
                                                : "stopped: stored events are not published until it is started again"))
                .withDetail("restarts", restarts.restarts(EventPublisher.PROCESSING_GROUP))
                .build();
    }

    private Optional<TrackingEventProcessor> processor() {
        return processing.eventProcessor(EventPublisher.PROCESSING_GROUP, TrackingEventProcessor.class);
    }
}
