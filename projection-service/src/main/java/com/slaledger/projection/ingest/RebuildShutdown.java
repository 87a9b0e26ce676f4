package com.slaledger.projection.ingest;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stops a running rebuild when the service shuts down, first of everything that stops: before the
 * live consumer's container and the web server's graceful shutdown, and long before the connection
 * pool closes under the rebuild's writers, which then logged errors on their way down. See
 * {@link RebuildJob#stopForShutdown}.
 */
@Component
class RebuildShutdown implements SmartLifecycle {

    /** Within Spring Boot's 30 s grace for each phase of a shutdown. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final RebuildJob rebuild;
    private volatile boolean running;

    RebuildShutdown(RebuildJob rebuild) {
        this.rebuild = rebuild;
    }

    @Override
    public void start() {
        rebuild.startedAgain();
        running = true;
    }

    @Override
    public void stop() {
        rebuild.stopForShutdown(WAIT);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The highest phase stops first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
