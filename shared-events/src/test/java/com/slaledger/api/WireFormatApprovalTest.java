package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.json.SlaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.SerializationFeature;

/**
 * Pins the JSON of every command and event. A difference fails the build and leaves the new JSON
 * under {@code target/approval/}; after a deliberate change, copy it over the approved file (or run
 * with {@code -Dapproval.accept=true}) and add an upcaster for stored events.
 */
class WireFormatApprovalTest {

    private static final Path APPROVED = Path.of("src/test/resources/approved");
    private static final Path RECEIVED = Path.of("target/approval");

    @TestFactory
    Stream<DynamicTest> everyCommandKeepsItsJson() {
        return Samples.commands().stream()
                .map(command ->
                        DynamicTest.dynamicTest(command.getClass().getSimpleName(), () -> approve("command", command)));
    }

    @TestFactory
    Stream<DynamicTest> everyEventKeepsItsJson() {
        return Samples.events().stream()
                .map(event -> DynamicTest.dynamicTest(event.getClass().getSimpleName(), () -> approve("event", event)));
    }

    @Test
    void everyCommandAndEventHasASample() {
        assertThat(Samples.commands())
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(ContractCommand.class.getPermittedSubclasses());
        assertThat(Samples.events())
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(ContractEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyEventCarriesARevision() {
        List<Class<?>> withoutRevision = Arrays.stream(ContractEvent.class.getPermittedSubclasses())
                .filter(type -> !type.isAnnotationPresent(Revision.class))
                .toList();
        assertThat(withoutRevision).isEmpty();
    }

    private void approve(String kind, Object message) throws IOException {
        String name = kind + "-" + message.getClass().getSimpleName() + ".json";
        String json = SlaJson.mapper()
                        .writer()
                        .with(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(message)
                        .replace("\r\n", "\n")
                + "\n";
        Path approved = APPROVED.resolve(name);
        if (Boolean.getBoolean("approval.accept")) {
            Files.createDirectories(APPROVED);
            Files.writeString(approved, json, StandardCharsets.UTF_8);
        }
        if (!Files.exists(approved)
                || !Files.readString(approved, StandardCharsets.UTF_8).equals(json)) {
            Files.createDirectories(RECEIVED);
            Files.writeString(RECEIVED.resolve(name), json, StandardCharsets.UTF_8);
            fail("the JSON of " + name + " differs from " + approved + "; see " + RECEIVED.resolve(name));
        }
        Object back = SlaJson.mapper().readValue(Files.readString(approved), message.getClass());
        assertThat(back).isEqualTo(message);
    }
}
