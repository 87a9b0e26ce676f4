package com.slaledger.intake;

import com.slaledger.api.Actor;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.CommandType;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.json.SlaJson;
import com.slaledger.contract.Issuance;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the bytes of one command record into a {@link Reading}: parse, check the envelope, bind the
 * payload to its command record and validate it. Shared by the Kafka listener and the HTTP endpoint
 * so both refuse the same input with the same code and message. Every offending payload field is
 * named, not just the first.
 */
@Component
public class EnvelopeReader {

    static final int MAX_ID_LENGTH = 128;
    private static final Pattern COMMAND_ID_IN_TEXT = Pattern.compile("\"commandId\"\\s*:\\s*\"([^\"\\\\]{1,128})\"");

    private final IntakeProperties properties;
    private final Clock clock;

    public EnvelopeReader(IntakeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public Reading read(byte[] record) {
        if (record == null || record.length == 0) {
            return new Reading.Refused(null, null, null, RejectionCode.MALFORMED, "the record is empty", true);
        }
        if (record.length > properties.maxRecordBytes()) {
            return new Reading.Refused(
                    commandIdInText(record),
                    null,
                    null,
                    RejectionCode.TOO_LARGE,
                    "the record has " + record.length + " bytes; the limit is " + properties.maxRecordBytes(),
                    true);
        }
        JsonNode root;
        try {
            root = SlaJson.mapper().readTree(record);
        } catch (JacksonException e) {
            return new Reading.Refused(
                    commandIdInText(record),
                    null,
                    null,
                    RejectionCode.MALFORMED,
                    "the record is not JSON: " + e.getOriginalMessage(),
                    true);
        }
        if (root == null || !root.isObject()) {
            return new Reading.Refused(
                    null, null, null, RejectionCode.MALFORMED, "the record is not a JSON object", true);
        }
        return readEnvelope((ObjectNode) root);
    }

    private Reading readEnvelope(ObjectNode root) {
        String commandId = text(root, "commandId");
        if (commandId == null || commandId.isBlank() || commandId.length() > MAX_ID_LENGTH) {
            return new Reading.Refused(
                    null,
                    text(root, "contractId"),
                    text(root, "type"),
                    RejectionCode.MALFORMED,
                    "commandId is missing, not a string, or longer than " + MAX_ID_LENGTH + " characters",
                    true);
        }
        String type = text(root, "type");
        String contractId = text(root, "contractId");
        List<String> missing = new ArrayList<>();
        if (type == null) {
            missing.add("type");
        }
        if (contractId == null) {
            missing.add("contractId");
        }
        if (!root.path("issuedBy").isObject()) {
            missing.add("issuedBy");
        }
        if (!missing.isEmpty()) {
            return new Reading.Refused(
                    commandId,
                    contractId,
                    type,
                    RejectionCode.MALFORMED,
                    "the envelope lacks " + String.join(", ", missing),
                    false);
        }
        CommandType commandType = CommandType.byName(type).orElse(null);
        if (commandType == null) {
            return new Reading.Refused(
                    commandId,
                    contractId,
                    type,
                    RejectionCode.UNKNOWN_COMMAND,
                    "unknown command type '" + type + "'; known types: "
                            + Arrays.stream(CommandType.values())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", ")),
                    false);
        }
        List<String> problems = new ArrayList<>();
        if (!ContractId.isWellFormed(contractId)) {
            problems.add("contractId must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        Actor issuedBy = issuer(root.get("issuedBy"), problems);
        Instant issuedAt = issuedAt(root.get("issuedAt"), problems);
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
            return new Reading.Refused(
                    commandId, contractId, type, RejectionCode.INVALID, String.join("; ", problems), false);
        }
        return new Reading.Parsed(
                type, command, new Issuance(commandId, issuedBy, issuedAt, expectedVersion, commandId));
    }

    /** Binds each record component on its own so that every bad field is reported, then validates. */
    private static ContractCommand bind(
            Class<? extends ContractCommand> type, ObjectNode fields, List<String> problems) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known =
                Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        fields.propertyNames().stream()
                .filter(name -> !known.contains(name))
                .sorted()
                .forEach(name -> problems.add("payload." + name + " is not a field of " + type.getSimpleName()));
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            JsonNode value = fields.get(components[i].getName());
            if (value == null || value.isNull()) {
                continue;
            }
            try {
                values[i] = SlaJson.mapper()
                        .readerFor(SlaJson.mapper().constructType(components[i].getGenericType()))
                        .readValue(value);
            } catch (JacksonException e) {
                problems.add(components[i].getName() + ": " + reason(e));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            Constructor<? extends ContractCommand> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            ContractCommand command = constructor.newInstance(values);
            problems.addAll(command.validate().problems());
            return command;
        } catch (InvocationTargetException e) {
            problems.add(e.getCause().getMessage());
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
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
        if (actor == null || actor.isBlank() || actor.length() > 200) {
            problems.add("issuedBy.actor must be a non-blank string of at most 200 characters");
        }
        return parsed == null ? null : new Actor(parsed, actor);
    }

    private Instant issuedAt(JsonNode value, List<String> problems) {
        if (value == null || value.isNull()) {
            return clock.instant();
        }
        try {
            return Instant.parse(value.asString());
        } catch (DateTimeParseException e) {
            problems.add("issuedAt must be an ISO-8601 instant such as 2026-11-27T09:15:00Z");
            return null;
        }
    }

    private static Long expectedVersion(JsonNode value, List<String> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.longValue() < 0) {
            problems.add("expectedVersion must be a whole number of at least 0");
            return null;
        }
        return value.longValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static String reason(JacksonException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = e.getOriginalMessage();
        return message.length() > 160 ? message.substring(0, 160) + "..." : message;
    }

    /** The commandId of a record, whether or not the rest of it can be read. */
    public String commandIdOf(byte[] record) {
        Reading reading = read(record);
        return reading instanceof Reading.Parsed parsed
                ? parsed.issuance().commandId()
                : ((Reading.Refused) reading).commandId();
    }

    /** Recovers the commandId from text that is not valid JSON, so the sender can still be answered. */
    static String commandIdInText(byte[] record) {
        int window = Math.min(record.length, 64 * 1024);
        Matcher matcher = COMMAND_ID_IN_TEXT.matcher(new String(record, 0, window, StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
    }
}
