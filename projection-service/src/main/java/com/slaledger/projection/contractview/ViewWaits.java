package com.slaledger.projection.contractview;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.view.ContractView;
import com.slaledger.platform.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads that wait for the projection to catch up: a client that knows the sequence its command
 * stored (the command's result) asks for the contract at that sequence at least, and the answer
 * comes as soon as this instance's consumer has committed it, instead of the client asking again
 * and again. A wait lasts at most {@code sla.projection.read-wait.timeout}; waits are bounded in
 * number ({@code sla.projection.read-wait.max-waiting}, then 503 {@code TOO_MANY_WAITING}).
 *
 * <p>The consumer thread only hands each committed view to the waits it satisfies ({@link
 * #reached}); what answers a wait is the caller's, and cheap (the view is in hand). A wait whose
 * time runs out looks at the current view once more before it answers 504 {@code VIEW_BEHIND}, so
 * a view that arrived another way (a rebuild's swap) is not missed. Each wait that ends counts in
 * {@code sla.projection.read-wait} under how it ended.
 */
@Component
public class ViewWaits {

    private final Map<String, List<Wait>> waits = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final MeterRegistry metrics;
    private final Duration timeout;
    private final int maxWaiting;

    public ViewWaits(
            MeterRegistry metrics,
            @Value("${sla.projection.read-wait.timeout:PT5S}") Duration timeout,
            @Value("${sla.projection.read-wait.max-waiting:1000}") int maxWaiting) {
        this.metrics = metrics;
        this.timeout = Settings.notNegative("sla.projection.read-wait.timeout", timeout);
        this.maxWaiting = Settings.atLeast("sla.projection.read-wait.max-waiting", maxWaiting, 0);
    }

    /** How long a wait lasts at most. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Waits for a view of {@code contractId} at {@code atLeast} or later. {@code reached} gets it,
     * once, on the thread that committed it or, should it be current already, on this one; {@code
     * behind} runs instead when {@link Wait#expire} finds it still missing. The caller expires the
     * wait when its time is up and cancels it when its client is gone.
     */
    public Wait await(
            String contractId,
            long atLeast,
            Supplier<ContractView> current,
            Consumer<ContractView> reached,
            Runnable behind) {
        if (total.incrementAndGet() > maxWaiting) {
            total.decrementAndGet();
            count("full");
            throw new CommandRejectedException(
                    RejectionCode.TOO_MANY_WAITING, "the service has " + maxWaiting + " reads waiting already");
        }
        Wait wait = new Wait(contractId, atLeast, current, reached, behind);
        // Added and removed under the map's lock for the contract, so that no wait joins a list
        // that is being dropped as empty.
        waits.compute(contractId, (id, list) -> {
            List<Wait> joined = list == null ? new CopyOnWriteArrayList<>() : list;
            joined.add(wait);
            return joined;
        });
        // Registered first, then looked at: a view committed in between is either current now or
        // handed to this wait by reached.
        wait.offer(current.get(), "current");
        return wait;
    }

    /** Called on the consumer thread after a commit, with each view it committed. */
    public void reached(ContractView view) {
        List<Wait> list = waits.get(view.contractId());
        if (list != null) {
            list.forEach(wait -> wait.offer(view, "reached"));
        }
    }

    /**
     * The context is closing: every wait is answered now (the current view, or 504), so that the
     * web server's graceful shutdown does not sit out their timeouts.
     */
    @EventListener(ContextClosedEvent.class)
    public void closeAll() {
        waits.values().forEach(list -> list.forEach(Wait::expire));
    }

    /** Reads waiting now. */
    public int waiting() {
        return total.get();
    }

    private void count(String outcome) {
        metrics.counter("sla.projection.read-wait", "outcome", outcome).increment();
    }

    /** One read waiting for its contract to reach a sequence. */
    public final class Wait {

        private final String contractId;
        private final long atLeast;
        private final Supplier<ContractView> current;
        private final Consumer<ContractView> reached;
        private final Runnable behind;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Wait(
                String contractId,
                long atLeast,
                Supplier<ContractView> current,
                Consumer<ContractView> reached,
                Runnable behind) {
            this.contractId = contractId;
            this.atLeast = atLeast;
            this.current = current;
            this.reached = reached;
            this.behind = behind;
        }

        private void offer(ContractView view, String outcome) {
            if (view != null && view.lastSequence() >= atLeast && end(outcome)) {
                reached.accept(view);
            }
        }

        /** Its time is up: answered from the current view if that has reached it, else behind. */
        public void expire() {
            offer(current.get(), "current-at-timeout");
            if (end("behind")) {
                behind.run();
            }
        }

        /** Its client has gone, or its answer failed: it only stops waiting. */
        public void cancel() {
            end("cancelled");
        }

        /** Once only: the consumer, the timeout and the client's leaving can race to end it. */
        private boolean end(String outcome) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            waits.computeIfPresent(contractId, (id, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
            total.decrementAndGet();
            count(outcome);
            return true;
        }
    }
}
