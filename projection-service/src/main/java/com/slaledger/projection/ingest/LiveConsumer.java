package com.slaledger.projection.ingest;

import com.slaledger.kafka.ListenerRestarts;
import java.util.Optional;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The live consumer of {@code contract.events}, as a rebuild and the health check see it: a rebuild
 * stops it and starts it again; an Error stops it and {@link ListenerRestarts} starts it again; and
 * a consumer stopped otherwise is a fault the health check reports.
 */
@Component
public class LiveConsumer {

    private final KafkaListenerEndpointRegistry listeners;
    private final ListenerRestarts restarts;
    private volatile boolean stoppedForARebuild;

    public LiveConsumer(KafkaListenerEndpointRegistry listeners, ListenerRestarts restarts) {
        this.listeners = listeners;
        this.restarts = restarts;
    }

    /**
     * Stops the consumer for a rebuild. A restart pending after an Error is dropped: it would start
     * the consumer while the rebuild reads, and the rebuild starts it when it ends.
     */
    void stopForARebuild() {
        stoppedForARebuild = true;
        restarts.cancel(EventConsumer.LISTENER_ID);
        container().ifPresent(MessageListenerContainer::stop);
    }

    /** Starts the consumer after a rebuild. */
    void startAfterARebuild() {
        container().ifPresent(MessageListenerContainer::start);
        stoppedForARebuild = false;
    }

    /** Why the consumer is not running, or empty while it runs; whether that is a fault is {@link #faulty}'s. */
    Optional<String> stopped() {
        if (container().map(MessageListenerContainer::isRunning).orElse(true)) {
            return Optional.empty();
        }
        if (stoppedForARebuild) {
            return Optional.of("stopped for a rebuild");
        }
        return Optional.of(restarts.pending(EventConsumer.LISTENER_ID)
                .orElse("stopped: this instance applies no events until it is started again"));
    }

    /** Whether the consumer is stopped for anything but a rebuild. */
    boolean faulty() {
        return stopped().isPresent() && !stoppedForARebuild;
    }

    int restarts() {
        return restarts.restarts(EventConsumer.LISTENER_ID);
    }

    private Optional<MessageListenerContainer> container() {
        return Optional.ofNullable(listeners.getListenerContainer(EventConsumer.LISTENER_ID));
    }
}
