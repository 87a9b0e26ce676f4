package com.slaledger.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.event.ExportBundle;
import com.slaledger.api.json.SlaJson;
import com.slaledger.testsupport.Story;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class AuditVerifierTest {

    @TempDir
    Path folder;

    private static ExportBundle bundle(List<EventEnvelope> events) {
        EventEnvelope activation = events.stream()
                .filter(e -> e.type().equals("ContractActivated"))
                .findFirst()
                .orElseThrow();
        ObjectNode contract = SlaJson.mapper()
                .createObjectNode()
                .put("contractId", "V-1")
                .put("version", "1.0")
                .put("lastSequence", activation.sequence());
        return new ExportBundle(
                ExportBundle.FORMAT,
                "V-1",
                Instant.parse("2027-01-01T00:00:00Z"),
                events,
                List.of(new ExportBundle.VersionSnapshot(
                        "1.0", activation.sequence(), activation.recordedAt(), contract)));
    }

    private static List<EventEnvelope> story() {
        return new ArrayList<>(Story.toTwoPointZero("V-1", "acme", "hostco").envelopes());
    }

    private String run(ExportBundle bundle, int expectedExit) throws IOException {
        Path file = folder.resolve("bundle.json");
        Files.writeString(file, SlaJson.mapper().writeValueAsString(bundle));
        return runFile(file, expectedExit);
    }

    private static String runFile(Path file, int expectedExit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditVerifier.run(
                new String[] {"verify", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(expectedExit);
        return printed;
    }

    @Test
    void anIntactBundleIsValid() throws IOException {
        assertThat(run(bundle(story()), 0)).startsWith("VALID V-1: 10 events, 1 versions");
    }

    @Test
    void oneAlteredByteIsFoundAtItsEvent() throws IOException {
        ExportBundle intact = bundle(story());
        Path file = folder.resolve("bundle.json");
        Files.writeString(file, SlaJson.mapper().writeValueAsString(intact));
        String json = Files.readString(file);
        Files.writeString(file, json.replaceFirst("99\\.8 % a month", "99.9 % a month"));

        assertThat(runFile(file, 1)).contains("BROKEN V-1 at sequence 1", "content");
    }

    @Test
    void twoReorderedEventsAreFound() throws IOException {
        List<EventEnvelope> events = story();
        EventEnvelope third = events.get(3);
        events.set(3, events.get(4));
        events.set(4, third);
        assertThat(run(bundle(events), 1)).contains("BROKEN V-1 at sequence 3");
    }

    @Test
    void aDeletedEventIsFound() throws IOException {
        List<EventEnvelope> events = story();
        events.remove(6);
        assertThat(run(bundle(events), 1)).contains("BROKEN V-1 at sequence 6");
    }

    @Test
    void aVersionSnapshotThatDoesNotMatchItsEventIsFound() throws IOException {
        ExportBundle intact = bundle(story());
        ExportBundle.VersionSnapshot wrong = new ExportBundle.VersionSnapshot(
                "2.0",
                intact.versions().get(0).sequence(),
                intact.versions().get(0).reachedAt(),
                intact.versions().get(0).contract());
        assertThat(run(
                        new ExportBundle(intact.format(), "V-1", intact.exportedAt(), intact.events(), List.of(wrong)),
                        1))
                .contains("version 2.0");
    }

    @Test
    void anUnreadableFileOrWrongUsageExitsWithTwo() throws IOException {
        Path junk = folder.resolve("junk.json");
        Files.writeString(junk, "{ not json");
        assertThat(runFile(junk, 2)).startsWith("UNREADABLE");
        assertThat(AuditVerifier.run(new String[] {"check"}, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }
}
