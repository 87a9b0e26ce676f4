package com.slaledger.api.command;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A public command type by its wire name ({@code "type"} in the envelope). Derived from the sealed
 * {@link ContractCommand}: a new command record is a new type, with nothing to list by hand.
 * Commands {@link IssuedByTheService} are not public types.
 */
public record CommandType(String name, Class<? extends ContractCommand> commandClass) {

    private static final List<CommandType> ALL = Arrays.stream(ContractCommand.class.getPermittedSubclasses())
            .filter(type -> !type.isAnnotationPresent(IssuedByTheService.class))
            .map(CommandType::of)
            .toList();

    public static List<CommandType> values() {
        return ALL;
    }

    public static Optional<CommandType> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static CommandType of(Class<?> type) {
        return new CommandType(type.getSimpleName(), (Class<? extends ContractCommand>) type);
    }

    @Override
    public String toString() {
        return name;
    }
}
