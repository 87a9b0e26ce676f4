package com.slaledger.intake;

import com.slaledger.api.Actor;
import com.slaledger.api.ContractId;
import com.slaledger.api.InputLimits;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.CommandType;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.json.Instants;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.json.Wording;
import com.slaledger.contract.Issuance;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the bytes of one command record into a {@link Reading}: parse, check the envelope, bind the
 * payload to its command record and validate it. Shared by the Kafka listener and the HTTP endpoint
 * so both refuse the same input with the same code and message. Every offending payload field is
 * named, not just the first. A member the envelope, its {@code issuedBy} or the payload does not
 * define is refused, never ignored: a misspelt {@code expectedversion} would otherwise drop the
 * sender's concurrency check without a word.
 *
 * <p>Total by construction: whatever the bytes, {@link #read} answers with a reading and never
 * throws. A failure that is a property of the record is final (ADR 0011); only the database and the
 * broker are worth retrying, and neither is touched here. The service's clock stamps
 * {@code receivedAt}; the sender's {@code issuedAt} is kept as its claim and may not lie more than
 * {@link #CLOCK_SKEW} ahead.
 */
@Component
public class EnvelopeReader {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern COMMAND_ID_IN_TEXT =
            Pattern.compile("\"commandId\"\\s*:\\s*\"([A-Za-z0-9._:@-]{1,128})\"");
    private static final Logger log = LoggerFactory.getLogger(EnvelopeReader.class);

    /** The envelope's members, and {@code issuedBy}'s, as interfaces.md defines them. */
    static final List<String> ENVELOPE_MEMBERS =
            List.of("commandId", "type", "contractId", "issuedBy", "issuedAt", "expectedVersion", "payload");

    static final List<String> ISSUER_MEMBERS = List.of("party", "actor");

    /** At most this many unknown members are named in one refusal, per object. */
    private static final int NAMED_AT_MOST = 10;

    /** Duplicate keys make an envelope ambiguous: which value did the sender mean? */
    private static final ObjectReader STRICT = SlaJson.mapper()
            .reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final IntakeProperties properties;
    private final Clock clock;

    public EnvelopeReader(IntakeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public Reading read(byte[] record) {
        Instant receivedAt = clock.instant();
        try {
            return readBytes(record, receivedAt);
        } catch (RuntimeException | StackOverflowError e) {
            // A library met input it could not handle in a way nobody classified: still the record's fault.
            log.warn("refused a record that could not be read: {}", e.toString());
            return refused(
                    commandIdInText(record), null, null, RejectionCode.MALFORMED, "the record cannot be read", true);
        }
    }

    private Reading readBytes(byte[] record, Instant receivedAt) {
        if (record == null || record.length == 0) {
            return refused(null, null, null, RejectionCode.MALFORMED, "the record is empty", true);
        }
        if (record.length > properties.maxRecordBytes()) {
            return refused(
                    commandIdInText(record),
                    null,
                    null,
                    RejectionCode.TOO_LARGE,
                    "the record has " + record.length + " bytes; the limit is " + properties.maxRecordBytes(),
                    true);
        }
        JsonNode root;
        try {
            root = STRICT.readTree(record);
        } catch (JacksonException e) {
            return refused(
                    commandIdInText(record),
                    null,
                    null,
                    RejectionCode.MALFORMED,
                    "the record is not JSON: " + shorten(e.getOriginalMessage()),
                    true);
        }
        if (root == null || !root.isObject()) {
            return refused(null, null, null, RejectionCode.MALFORMED, "the record is not a JSON object", true);
        }
        return readEnvelope((ObjectNode) root, receivedAt);
    }

    private Reading readEnvelope(ObjectNode root, Instant receivedAt) {
        String commandId = text(root, "commandId");
        String contractId = echoableId(text(root, "contractId"));
        String type = text(root, "type");
        CommandType commandType = type == null ? null : CommandType.byName(type).orElse(null);
        String knownType = commandType == null ? null : commandType.name();
        if (!InputLimits.isSenderCommandId(commandId)) {
            return refused(
                    null,
                    contractId,
                    knownType,
                    RejectionCode.MALFORMED,
                    "commandId must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -",
                    true);
        }
        List<String> missing = new ArrayList<>();
        if (type == null) {
            missing.add("type");
        }
        if (text(root, "contractId") == null) {
            missing.add("contractId");
        }
        if (!root.path("issuedBy").isObject()) {
            missing.add("issuedBy");
        }
        if (!missing.isEmpty()) {
            return refused(
                    commandId,
                    contractId,
                    knownType,
                    RejectionCode.MALFORMED,
                    "the envelope lacks " + String.join(", ", missing) + " (or it is not of the right JSON type)",
                    false);
        }
        if (commandType == null) {
            return refused(
                    commandId,
                    contractId,
                    null,
                    RejectionCode.UNKNOWN_COMMAND,
                    "unknown command type '" + Wording.echo(type) + "'; known types: "
                            + CommandType.values().stream()
                                    .map(CommandType::name)
                                    .collect(Collectors.joining(", ")),
                    false);
        }
        List<String> problems = new ArrayList<>();
        unknownMembers(root, ENVELOPE_MEMBERS, "", "the command envelope", problems);
        unknownMembers(root.get("issuedBy"), ISSUER_MEMBERS, "issuedBy.", "issuedBy", problems);
        if (contractId == null) {
            problems.add("contractId must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        Actor issuedBy = issuer(root.get("issuedBy"), problems);
        Instant issuedAt = issuedAt(root.get("issuedAt"), receivedAt, problems);
        Long expectedVersion = expectedVersion(root.get("expectedVersion"), problems);
        JsonNode payload = root.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            problems.add("payload must be a JSON object");
        }
        ContractCommand command = null;
        if (problems.isEmpty()) {
            ObjectNode fields = payload == null || payload.isNull()
                    ? SlaJson.mapper().createObjectNode()
                    : ((ObjectNode) payload).deepCopy();
            fields.put("contractId", contractId);
            command = bind(commandType.commandClass(), fields, problems);
        }
        if (!problems.isEmpty()) {
            return refused(commandId, contractId, knownType, RejectionCode.INVALID, String.join("; ", problems), false);
        }
        return new Reading.Parsed(
                knownType,
                command,
                new Issuance(commandId, issuedBy, issuedAt, receivedAt, expectedVersion, commandId, null));
    }

    /** Binds each record component on its own so that every bad field is reported, then validates. */
    private static ContractCommand bind(
            Class<? extends ContractCommand> type, ObjectNode fields, List<String> problems) {
        Binding binding = BINDINGS.get(type);
        fields.propertyNames().stream()
                .filter(name -> !binding.names().contains(name))
                .sorted()
                .limit(NAMED_AT_MOST)
                .forEach(name ->
                        problems.add("payload." + shownName(name) + " is not a field of " + type.getSimpleName()));
        Object[] values = new Object[binding.names().size()];
        for (int i = 0; i < values.length; i++) {
            String name = binding.names().get(i);
            JsonNode value = fields.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            try {
                values[i] = binding.readers().get(i).readValue(value);
            } catch (JacksonException e) {
                String wrongType = WrongType.of(name, value, e);
                problems.add(wrongType != null ? wrongType : name + ": " + reason(e));
            } catch (RuntimeException e) {
                problems.add(name + " is not valid");
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            ContractCommand command = binding.constructor().newInstance(values);
            problems.addAll(command.validate().problems());
            return command;
        } catch (InvocationTargetException e) {
            String message = e.getCause() == null ? null : e.getCause().getMessage();
            problems.add(
                    message == null ? "the payload does not make a valid " + type.getSimpleName() : shorten(message));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
    }

    /**
     * What binding a command record takes, looked up once per type: its components' names in
     * order, a reader per component, and its canonical constructor.
     */
    private record Binding(
            List<String> names, List<ObjectReader> readers, Constructor<? extends ContractCommand> constructor) {

        static Binding of(Class<? extends ContractCommand> type) {
            RecordComponent[] components = type.getRecordComponents();
            try {
                return new Binding(
                        Arrays.stream(components).map(RecordComponent::getName).toList(),
                        Arrays.stream(components)
                                .map(component -> SlaJson.mapper()
                                        .readerFor(SlaJson.mapper().constructType(component.getGenericType())))
                                .toList(),
                        type.getDeclaredConstructor(Arrays.stream(components)
                                .map(RecordComponent::getType)
                                .toArray(Class<?>[]::new)));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + type.getSimpleName(), e);
            }
        }
    }

    private static final ClassValue<Binding> BINDINGS = new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected Binding computeValue(Class<?> type) {
            return Binding.of((Class<? extends ContractCommand>) type);
        }
    };

    /** Names each member of {@code node} that is not one of {@code known}, as "prefix name is not a field of owner". */
    private static void unknownMembers(
            JsonNode node, List<String> known, String prefix, String owner, List<String> problems) {
        node.propertyNames().stream()
                .filter(name -> !known.contains(name))
                .sorted()
                .limit(NAMED_AT_MOST)
                .forEach(name -> problems.add(prefix + shownName(name) + " is not a field of " + owner));
    }

    /** A member's name as a refusal repeats it; an empty one as "". */
    private static String shownName(String name) {
        return name.isEmpty() ? "\"\"" : Wording.echo(name);
    }

    private static Actor issuer(JsonNode issuedBy, List<String> problems) {
        String party = text(issuedBy, "party");
        String actor = text(issuedBy, "actor");
        Party parsed = null;
        if (party == null || !Set.of("CLIENT", "SUPPLIER").contains(party)) {
            problems.add("issuedBy.party must be CLIENT or SUPPLIER");
        } else {
            parsed = Party.valueOf(party);
        }
        if (actor == null || actor.isBlank()) {
            problems.add("issuedBy.actor must be a non-blank string of at most 200 characters");
        } else {
            String problem = InputLimits.textProblem(actor, 200, false);
            if (problem != null) {
                problems.add("issuedBy.actor " + problem);
            }
        }
        return parsed == null ? null : new Actor(parsed, actor);
    }

    /** The sender's claim, kept as such: absent means "now", and it may not lie ahead of our clock. */
    private static Instant issuedAt(JsonNode value, Instant receivedAt, List<String> problems) {
        if (value == null || value.isNull()) {
            return receivedAt;
        }
        if (!value.isString()) {
            problems.add("issuedAt must be an ISO-8601 instant such as 2026-11-27T09:15:00Z");
            return null;
        }
        try {
            Instant claimed = Instants.parse(value.stringValue());
            if (claimed.isAfter(receivedAt.plus(CLOCK_SKEW))) {
                problems.add("issuedAt lies more than " + CLOCK_SKEW.toMinutes()
                        + " minutes ahead of the service's clock (" + receivedAt + ")");
            } else if (InputLimits.instantProblem(claimed) != null) {
                problems.add("issuedAt " + InputLimits.instantProblem(claimed));
            }
            return claimed;
        } catch (DateTimeParseException e) {
            problems.add("issuedAt must be an ISO-8601 instant such as 2026-11-27T09:15:00Z");
            return null;
        }
    }

    private static Long expectedVersion(JsonNode value, List<String> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            problems.add("expectedVersion must be a whole number from 0 to " + Long.MAX_VALUE);
            return null;
        }
        return value.longValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** A contract id is only echoed (and used as a result key) when it is well-formed. */
    private static String echoableId(String contractId) {
        return ContractId.isWellFormed(contractId) ? contractId : null;
    }

    private static Reading.Refused refused(
            String commandId, String contractId, String type, RejectionCode code, String message, boolean deadLetter) {
        return new Reading.Refused(commandId, contractId, type, code, message, deadLetter);
    }

    /**
     * The parser's message without the names of its own settings: "nesting depth (33) exceeds the
     * maximum allowed (32)" tells a sender what to fix; "{@code StreamReadConstraints...}" does not.
     */
    private static String withoutParserNames(String message) {
        return message == null ? null : message.replaceAll(", from `[^`]*`", "").replace("`", "");
    }

    private static String reason(JacksonException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return shorten(cause.getMessage());
        }
        return shorten(e.getOriginalMessage());
    }

    private static String shorten(String message) {
        return message == null ? "unreadable" : Wording.echo(withoutParserNames(message), 160);
    }

    /** The commandId of a record, whether or not the rest of it can be read. Never throws. */
    public String commandIdOf(byte[] record) {
        Reading reading = read(record);
        return reading instanceof Reading.Parsed parsed
                ? parsed.issuance().commandId()
                : ((Reading.Refused) reading).commandId();
    }

    /** Recovers the commandId from text that is not valid JSON, so the sender can still be answered. */
    static String commandIdInText(byte[] record) {
        if (record == null) {
            return null;
        }
        int window = Math.min(record.length, 64 * 1024);
        Matcher matcher = COMMAND_ID_IN_TEXT.matcher(new String(record, 0, window, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
    }
}
