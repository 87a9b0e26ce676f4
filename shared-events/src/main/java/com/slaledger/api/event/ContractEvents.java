package com.slaledger.api.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks event classes up by their wire name ({@code "type"} in the event envelope). */
public final class ContractEvents {

    private static final Map<String, Class<? extends ContractEvent>> BY_TYPE = Arrays.stream(
                    ContractEvent.class.getPermittedSubclasses())
            .map(ContractEvents::asEventClass)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private ContractEvents() {}

    public static Optional<Class<? extends ContractEvent>> classOf(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static Map<String, Class<? extends ContractEvent>> all() {
        return BY_TYPE;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends ContractEvent> asEventClass(Class<?> type) {
        return (Class<? extends ContractEvent>) type;
    }
}
