package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit for commands that do not come from Kafka (HTTP): callers wait while one worker
 * takes whatever has queued up and handles it as one {@link CommandBatch}, so concurrent callers
 * share a transaction and a commit as a poll's records do. A lone command is a batch of one. When a
 * batch fails as a whole, its commands are handled one at a time ({@link CommandProcessor}), and
 * each caller gets its own result or its own failure, exactly as before.
 */
@Component
public class BatchedCommands implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchedCommands.class);
    private static final int MAX_WAITING = 10_000;
    private static final int MAX_BATCH = 500;
    private static final Duration DRAIN_POLL = Duration.ofMillis(200);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private record Waiting(Reading reading, CompletableFuture<CommandResult> answer) {}

    private final CommandBatch batch;
    private final CommandProcessor processor;
    private final IntakeProperties properties;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private volatile Thread worker;

    public BatchedCommands(CommandBatch batch, CommandProcessor processor, IntakeProperties properties) {
        this.batch = batch;
        this.processor = processor;
        this.properties = properties;
    }

    /** The command's one result, once the batch it joined has committed. */
    public CommandResult process(Reading reading) {
        CompletableFuture<CommandResult> answer = enqueue(reading);
        if (answer == null) {
            return processor.process(reading);
        }
        try {
            return answer.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the command's batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the command's batch did not finish in time; send it again", e);
        }
    }

    /** The answer to come, or null when the command is handled alone: group commit off, or stopping. */
    private synchronized CompletableFuture<CommandResult> enqueue(Reading reading) {
        if (!properties.groupCommit() || worker == null) {
            return null;
        }
        Waiting waiting = new Waiting(reading, new CompletableFuture<>());
        if (!queue.offer(waiting)) {
            throw new IllegalStateException("too many commands are waiting; send it again with the same commandId");
        }
        return waiting.answer();
    }

    /** Until stopped, and then until every command queued before the stop has its answer. */
    private void work() {
        List<Waiting> taken = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Waiting first = queue.poll(DRAIN_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (worker != Thread.currentThread()) {
                        return;
                    }
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, MAX_BATCH - 1);
                handle(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                log.error("the command batch worker met an unexpected failure", e);
                taken.forEach(w -> w.answer().completeExceptionally(e));
            } finally {
                taken.clear();
            }
        }
    }

    private void handle(List<Waiting> taken) {
        batch.processAll(
                taken.stream().map(Waiting::reading).toList(),
                i -> {
                    try {
                        return processor.process(taken.get(i).reading());
                    } catch (RuntimeException failed) {
                        taken.get(i).answer().completeExceptionally(failed);
                        return null;
                    }
                },
                (i, result) -> taken.get(i).answer().complete(result));
    }

    /** How many commands wait for the worker to take them (for tests). */
    int waiting() {
        return queue.size();
    }

    @Override
    public synchronized void start() {
        Thread thread = new Thread(this::work, "http-command-batches");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /**
     * Takes no more commands into the queue (a caller from now on is handled alone, on its own
     * thread) and lets the worker answer every command queued before: an HTTP command that arrived
     * just before a SIGTERM is decided, not answered 500. Waits up to {@link #STOP_WAIT} for that.
     */
    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            thread = worker;
            worker = null;
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("the command batches did not end within {}; stopping anyway", STOP_WAIT);
            thread.interrupt();
            queue.forEach(w -> w.answer().completeExceptionally(new IllegalStateException("the service is stopping")));
            queue.clear();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
