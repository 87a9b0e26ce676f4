package com.slaledger.projection.contractview;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-sent events per contract: every subscriber gets the new view after each applied event. */
@Component
public class ContractStream {

    private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

    /** Clients reconnect after this; an SSE client does so by itself. */
    private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

    public SseEmitter subscribe(String contractId, ContractView current) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        List<SseEmitter> list = subscribers.computeIfAbsent(contractId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
        if (current != null) {
            send(emitter, current, list);
        }
        return emitter;
    }

    public void publish(ContractView view) {
        List<SseEmitter> list = subscribers.get(view.contractId());
        if (list != null) {
            list.forEach(emitter -> send(emitter, view, list));
        }
    }

    /**
     * Ends every open stream when the context starts closing, before the web server's graceful
     * shutdown, which would otherwise wait for these never-ending requests.
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        subscribers.values().forEach(list -> list.forEach(SseEmitter::complete));
        subscribers.clear();
    }

    private static void send(SseEmitter emitter, ContractView view, List<SseEmitter> list) {
        try {
            emitter.send(SseEmitter.event()
                    .name("contract")
                    .id(Long.toString(view.lastSequence()))
                    .data(view));
        } catch (IOException | IllegalStateException gone) {
            list.remove(emitter);
        }
    }
}
