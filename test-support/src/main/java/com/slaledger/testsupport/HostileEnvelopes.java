package com.slaledger.testsupport;

import com.slaledger.api.InputLimits;
import com.slaledger.api.command.CommandType;
import com.slaledger.api.json.SlaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Valid command envelopes of every type, and generators that mutate them the way a careless or
 * hostile integration system would: any field replaced by any JSON type, huge, tiny and exponent
 * numbers, NUL and other control characters, lone surrogates, megabyte strings, deep nesting,
 * duplicate keys, members nobody defined (in the envelope, its issuedBy and the payload), and
 * damaged bytes. Used by the reader's property test and by the test that sends
 * the same records through the real broker.
 */
public final class HostileEnvelopes {

    /**
     * The payloads of the good story, as an integration system writes them: a contract that drafts a
     * credited clause and an open one, is signed by both, and records a breach in its term.
     */
    private static final Map<String, String> STORY = Map.of(
            "DraftContract", """
                    {"clientId":"acme","clientName":"ACME Logistics","supplierId":"hostco","supplierName":"HostCo",
                     "title":"Rented servers","scope":["servers","network"],"ownership":"SUPPLIER_OWNED",
                     "monthlyFee":{"amount":"10000.00","currency":"EUR"},"atRiskPercent":12,"startDate":"2026-01-01"}""",
            "DraftClause", """
                    {"clauseId":"availability","heading":"Availability","text":"Servers are up.\\nAlways.",
                     "category":"operations","serviceLevel":{"metric":"AVAILABILITY","target":99.8,"unit":"PERCENT",
                     "window":"MONTH"},"creditPercent":5}""",
            "LeaveClauseOpen", """
                    {"clauseId":"response-time","heading":"Response time","intent":"Learn first.",
                     "reviewBy":"2027-03-01"}""",
            "SignContract", "{}",
            "RecordBreach", """
                    {"breachId":"INC-1","clauseId":"availability","occurredAt":"2026-10-01T10:00:00Z",
                     "measured":{"value":97.1,"unit":"PERCENT"},"description":"outage"}""");

    /**
     * A valid payload of a public command type: the story's where it has one, else the approved wire
     * sample of shared-events ({@code approved/command-<type>.json}), so that a new command type is
     * generated from without being listed here.
     */
    public static ObjectNode payload(String type) {
        String json = STORY.get(type);
        ObjectNode payload = (ObjectNode) SlaJson.mapper().readTree(json != null ? json : approvedSample(type));
        payload.remove("contractId");
        return payload;
    }

    private static String approvedSample(String type) {
        Path approved = Path.of("shared-events", "src", "test", "resources", "approved", "command-" + type + ".json");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(approved))) {
                try {
                    return Files.readString(dir.resolve(approved));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException(
                "no approved sample " + approved + " above " + Path.of("").toAbsolutePath());
    }

    private static final String HOLE = "\u0001hostile\u0001";

    private HostileEnvelopes() {}

    /** A mutated record: its bytes, the path that was changed (or a byte-level damage), and its commandId. */
    public record Mutated(String commandId, String path, String snippet, byte[] bytes) {

        @Override
        public String toString() {
            String shown = snippet.length() > 80 ? snippet.substring(0, 80) + "..." : snippet;
            return path + " <- " + shown;
        }
    }

    public static ObjectNode validEnvelope(String type, String commandId, String contractId) {
        ObjectNode envelope = SlaJson.mapper().createObjectNode();
        envelope.put("commandId", commandId);
        envelope.put("type", type);
        envelope.put("contractId", contractId);
        envelope.putObject("issuedBy").put("party", "CLIENT").put("actor", "it@acme.example");
        envelope.put("issuedAt", "2026-11-27T09:15:00Z");
        envelope.put("expectedVersion", 3);
        envelope.set("payload", payload(type));
        return envelope;
    }

    /**
     * A valid story on one contract, in order: draft, an agreed clause (availability, 5 % credit),
     * an open clause (response-time), both signatures, and a credited breach.
     */
    public static List<ObjectNode> goodStory(String contractId, java.util.function.Supplier<String> ids) {
        List<ObjectNode> story = new ArrayList<>();
        for (String type : List.of(
                "DraftContract", "DraftClause", "LeaveClauseOpen", "SignContract", "SignContract", "RecordBreach")) {
            ObjectNode envelope = validEnvelope(type, ids.get(), contractId);
            envelope.remove("expectedVersion");
            story.add(envelope);
        }
        ((ObjectNode) story.get(4).path("issuedBy")).put("party", "SUPPLIER").put("actor", "desk@hostco.example");
        return story;
    }

    /** Mutations of valid envelopes of every type; each gets a fresh commandId from {@code ids}. */
    public static Arbitrary<Mutated> mutated(Arbitrary<String> ids, String contractId) {
        Arbitrary<String> types = Arbitraries.of(
                CommandType.values().stream().map(CommandType::name).toList());
        return Combinators.combine(
                        types,
                        ids,
                        hostileValues(),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 9))
                .as((type, id, snippet, pick, kind) ->
                        mutate(validEnvelope(type, id, contractId), id, snippet, pick, kind));
    }

    /**
     * The same damage as {@link #mutated}, to one valid record of any shape (an event envelope as
     * contract-service publishes it, say): a field anywhere given a hostile value or written twice,
     * an unknown payload field or envelope member, the bytes truncated or one of them replaced. {@code id} names it.
     */
    public static Arbitrary<Mutated> mutationsOf(ObjectNode valid, String id) {
        return Combinators.combine(
                        hostileValues(),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 9))
                .as((snippet, pick, kind) -> mutate(valid.deepCopy(), id, snippet, pick, kind));
    }

    private static Mutated mutate(ObjectNode envelope, String id, String snippet, int pick, int kind) {
        if (kind == 0) {
            return damaged(envelope, id, pick);
        }
        List<String> paths = paths(envelope);
        paths.add("payload.unknownField");
        paths.add("unknownMember");
        if (envelope.path("issuedBy").isObject()) {
            paths.add("issuedBy.unknownMember");
        }
        String path = paths.get(pick % paths.size());
        if (path.equals("commandId") && isSenderId(snippet)) {
            snippet = "\"\\u0000" + snippet.substring(1);
        }
        if (kind == 1) {
            return duplicated(envelope, id, path, snippet);
        }
        put(envelope, path, HOLE);
        String json = SlaJson.mapper().writeValueAsString(envelope);
        String hole = SlaJson.mapper().writeValueAsString(HOLE);
        return new Mutated(id, path, snippet, json.replace(hole, snippet).getBytes(StandardCharsets.UTF_8));
    }

    /** The same top-level or payload key written twice, the first time with the hostile value. */
    private static Mutated duplicated(ObjectNode envelope, String id, String path, String snippet) {
        String json = SlaJson.mapper().writeValueAsString(envelope);
        String key = path.startsWith("payload.")
                ? path.substring(8).replaceAll("[.\\[].*", "")
                : path.replaceAll("[.\\[].*", "");
        String quoted = SlaJson.mapper().writeValueAsString(key);
        String mutatedJson = path.startsWith("payload.")
                ? json.replace("\"payload\":{", "\"payload\":{" + quoted + ":" + snippet + ",")
                : "{" + quoted + ":" + snippet + "," + json.substring(1);
        String shownPath = key.equals("commandId") ? "commandId" : path;
        return new Mutated(id, shownPath, "duplicate " + snippet, mutatedJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Truncated, or one byte replaced: what a broken producer or a bad proxy leaves. */
    private static Mutated damaged(ObjectNode envelope, String id, int pick) {
        byte[] bytes = SlaJson.mapper().writeValueAsBytes(envelope);
        int at = pick % bytes.length;
        if (pick % 2 == 0) {
            return new Mutated(id, "bytes:truncated", "at " + at, java.util.Arrays.copyOf(bytes, at));
        }
        byte[] copy = bytes.clone();
        copy[at] = (byte) (pick * 37);
        return new Mutated(id, "bytes:replaced", "at " + at, copy);
    }

    private static boolean isSenderId(String snippet) {
        if (!snippet.startsWith("\"")) {
            return false;
        }
        try {
            JsonNode node = SlaJson.mapper().readTree(snippet);
            return node.isString() && InputLimits.isSenderCommandId(node.stringValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every field and nested field of an envelope, for example {@code payload.monthlyFee.amount}. */
    private static List<String> paths(ObjectNode envelope) {
        List<String> paths = new ArrayList<>();
        collect(envelope, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        if (node.isObject()) {
            node.propertyNames().forEach(name -> {
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                paths.add(path);
                collect(node.get(name), path, paths);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String path = prefix + "[" + i + "]";
                paths.add(path);
                collect(node.get(i), path, paths);
            }
        }
    }

    private static void put(ObjectNode root, String path, String value) {
        String[] steps = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < steps.length - 1; i++) {
            node = step(node, steps[i]);
        }
        String last = steps[steps.length - 1];
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            JsonNode array = step(node, last.substring(0, bracket));
            ((tools.jackson.databind.node.ArrayNode) array)
                    .set(Integer.parseInt(last.substring(bracket + 1, last.length() - 1)), value);
        } else {
            ((ObjectNode) node).put(last, value);
        }
    }

    private static JsonNode step(JsonNode node, String step) {
        int bracket = step.indexOf('[');
        if (bracket < 0) {
            return node.get(step);
        }
        return node.get(step.substring(0, bracket))
                .get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
    }

    /**
     * Member names that are not among {@code defined}: {@link #nearMisses} of them and any other
     * text, the empty name included.
     */
    public static Arbitrary<String> undefinedMembers(List<String> defined) {
        return Arbitraries.oneOf(nearMisses(defined), Arbitraries.strings().ofMaxLength(30))
                .filter(n -> !defined.contains(n));
    }

    /**
     * Names a careless client writes for one of {@code names}, never one of them: in lower or upper
     * case, with a {@code _} put in or a character dropped, after a space or before a NUL
     * ({@code expectedversion}, {@code expected_Version}, {@code issuedt}).
     */
    public static Arbitrary<String> nearMisses(List<String> names) {
        Arbitrary<String> name = Arbitraries.of(names);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 40);
        return Arbitraries.oneOf(
                        name.map(n -> n.toLowerCase(Locale.ROOT)),
                        name.map(n -> n.toUpperCase(Locale.ROOT)),
                        Combinators.combine(name, at)
                                .as((n, i) -> n.substring(0, i % n.length()) + "_" + n.substring(i % n.length())),
                        Combinators.combine(name, at)
                                .as((n, i) -> n.substring(0, i % n.length()) + n.substring(i % n.length() + 1)),
                        name.map(n -> " " + n),
                        name.map(n -> n + "\u0000"))
                .filter(n -> !names.contains(n));
    }

    /** Raw JSON text of hostile values: written as text, since some cannot be built as a tree cheaply. */
    public static Arbitrary<String> hostileValues() {
        Arbitrary<String> fixed = Arbitraries.of(
                "null",
                "true",
                "false",
                "{}",
                "[]",
                "[1,2]",
                "\"\"",
                "\"   \"",
                "0",
                "-1",
                "3.5",
                "1E+999999999",
                "1E-999999999",
                "-1E+400",
                "1e309",
                "\"1E+4\"",
                "\"1E-999999999\"",
                "\"1E+999999999\"",
                "123456789012345678901234567890",
                "9223372036854775808",
                "1.00000000000000000001",
                "\"12.345\"",
                "\"\\u0000\"",
                "\"a\\u0000b\"",
                "\"\\u0007bell\"",
                "\"tab\\there\"",
                "\"line\\nbreak\"",
                "\"cr\\rlf\"",
                "\"\\ud800\"",
                "\"x\\udc00y\"",
                "\"\\u0085\"",
                "\"\\u202Eevil\"",
                "\"a\\u2066b\\u2069\"",
                "\"line\\u2028sep\"",
                "\"2031-01-01T00:00:00Z\"",
                // instant-shaped, read digit by digit before Jackson decides (shared-events' Instants)
                "\"2026-02-29T10:00:00Z\"",
                "\"2026-12-03T24:00:00Z\"",
                "\"2026-12-03T23:59:60Z\"",
                "\"2026-12-03T02:00:00.1234567890Z\"",
                "\"2026-12-03t02:00:00z\"",
                "\"0000-01-01T00:00:00.5Z\"",
                "\"2026-02-30\"",
                "\"9999-12-31\"",
                "\"+999999999-12-31\"",
                "\"1900-01-01\"",
                "\"2026-11\"",
                "\"CLIENT\"",
                "\"SUPPLIER\"",
                "\"../../etc/passwd\"",
                "\"' OR 1=1 --\"",
                "\"<script>alert(1)</script>\"",
                "\"" + "x".repeat(300_000) + "\"",
                "\"" + "y".repeat(70_000) + "\"",
                "[".repeat(40) + "]".repeat(40),
                "{\"a\":".repeat(40) + "1" + "}".repeat(40));
        Arbitrary<String> strings = Arbitraries.strings()
                .all()
                .ofMaxLength(40)
                .map(s -> SlaJson.mapper().writeValueAsString(s));
        Arbitrary<String> numbers = Combinators.combine(
                        Arbitraries.bigIntegers()
                                .between(java.math.BigInteger.TEN.pow(40).negate(), java.math.BigInteger.TEN.pow(40)),
                        Arbitraries.integers().between(-2_000_000_000, 2_000_000_000))
                .as((unscaled, exponent) -> unscaled + "E" + exponent);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, fixed),
                net.jqwik.api.Tuple.of(3, strings),
                net.jqwik.api.Tuple.of(1, numbers));
    }
}
