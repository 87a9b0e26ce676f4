package com.slaledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.slaledger.api.command.CommandType;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractEvents;
import com.slaledger.api.json.SlaJson;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code docs/asyncapi.json} in step with shared-events: the document's message payloads are
 * derived from the command and event records, required fields from each command's own validation.
 * A difference fails; after a deliberate change run with {@code -Dapproval.accept=true}.
 */
class AsyncApiDocumentTest {

    /** What a command's schema cannot say and an integrator must know before sending it. */
    private static final java.util.Map<Class<?>, String> COMMAND_DESCRIPTIONS = java.util.Map.of(
            com.slaledger.api.command.AmendClause.class,
            "The clause's whole new wording: a serviceLevel or creditPercent left out is not in the"
                    + " amended clause (agreed, a breach of it earns no credit), so send the ones that stay.",
            com.slaledger.api.command.RecordBreach.class,
            "Judged by the clause's terms in force when the breach occurred. Where the clause then had a service"
                    + " level, a measured value is in its unit (else UNIT_MISMATCH; units are not converted) and misses"
                    + " its target (else LEVEL_MET: a percentage at or above it, a time or a count at or below it, is"
                    + " no breach).",
            com.slaledger.api.command.TerminateContract.class,
            "On an active contract, effectiveDate lies in the term (else TERMINATION_BEFORE_START or"
                    + " TERMINATION_AFTER_END) and has come by the service's clock (else TERMINATION_IN_FUTURE): a"
                    + " terminated contract accepts nothing more, so record the termination on the day it takes"
                    + " effect. A draft may be dropped on any date.",
            com.slaledger.api.command.DraftContract.class,
            "scope lists each part of the service once, at most 100: an entry that reads as an earlier one (the same"
                    + " text but for case and surrounding spaces) is INVALID. endDate, when given, lies after startDate.",
            com.slaledger.api.command.LeaveClauseOpen.class,
            "reviewBy lies on or before the contract's end date (else REVIEW_BY_AFTER_TERM); a date already passed"
                    + " is taken and the clause is marked due by the next scan.");

    private static final Path DOCUMENT = Path.of("../docs/asyncapi.json");

    @Test
    void theDocumentDescribesExactlyTheCommandsAndEventsThatExist() throws IOException {
        String generated =
                SlaJson.mapper()
                                .writer()
                                .with(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(document()) + "\n";
        if (Boolean.getBoolean("approval.accept")) {
            Files.writeString(DOCUMENT, generated, StandardCharsets.UTF_8);
        }
        JsonNode committed = SlaJson.mapper().readTree(Files.readString(DOCUMENT));
        Set<String> documentedCommands =
                new TreeSet<>(committed.at("/channels/commands/messages").propertyNames());
        Set<String> documentedEvents =
                new TreeSet<>(committed.at("/channels/events/messages").propertyNames());
        assertThat(documentedCommands)
                .containsExactlyInAnyOrderElementsOf(
                        CommandType.values().stream().map(CommandType::name).toList());
        assertThat(documentedEvents)
                .containsExactlyInAnyOrderElementsOf(ContractEvents.all().keySet());
        if (!committed.equals(SlaJson.mapper().readTree(generated))) {
            Path received = Path.of("target/approval/asyncapi.json");
            Files.createDirectories(received.getParent());
            Files.writeString(received, generated, StandardCharsets.UTF_8);
            fail("docs/asyncapi.json is out of step with shared-events; see " + received);
        }
    }

    private static ObjectNode document() {
        ObjectNode doc = SlaJson.mapper().createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "SLA Ledger");
        info.put("version", "1.0.0");
        info.put(
                "description",
                "Commands in, one result per command out, and every stored event published. "
                        + "Generated from shared-events by AsyncApiDocumentTest; edit the records, not this file.");
        ObjectNode servers = doc.putObject("servers");
        servers.putObject("local")
                .put("host", "localhost:9092")
                .put("protocol", "kafka")
                .put("description", "./run-local: PLAINTEXT, no login.");
        ObjectNode compose = servers.putObject("compose")
                .put("host", "kafka:9092")
                .put("protocol", "kafka")
                .put(
                        "description",
                        "docker-compose.yml: SASL_PLAINTEXT (SASL_SSL outside one private network); "
                                + "from the host localhost:9092.");
        compose.putArray("security").addObject().put("$ref", "#/components/securitySchemes/scram");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode schemas = SlaJson.mapper().createObjectNode();
        ObjectNode messages = SlaJson.mapper().createObjectNode();

        ObjectNode commands = channel(
                channels,
                "commands",
                "contract.commands",
                "Command envelopes, keyed by contractId. Every record gets exactly one result where a commandId can be read."
                        + " Every record carries its sender's bearer token in the header authorization (see CommandHeaders)."
                        + " Records may be sent in Kafka transactions: only committed ones are read, and a record of an"
                        + " aborted transaction is neither carried out nor answered.");
        for (CommandType type : CommandType.values()) {
            schemas.set(
                    type.name() + "Payload",
                    recordSchema(type.commandClass(), requiredOf(type.commandClass()), schemas, "contractId"));
            ObjectNode message = message(type.name(), "CommandEnvelope", type.name() + "Payload");
            String description = COMMAND_DESCRIPTIONS.get(type.commandClass());
            if (description != null) {
                message.put("description", description);
            }
            message.putObject("headers").put("$ref", "#/components/schemas/CommandHeaders");
            messages.set(type.name(), message);
            commands.withObject("messages").putObject(type.name()).put("$ref", "#/components/messages/" + type.name());
        }
        ObjectNode headers = schemas.putObject("CommandHeaders");
        headers.put("type", "object");
        headers.put(
                "description",
                "Kafka record headers of a command. authorization: 'Bearer <jwt>', the same JWT as over HTTP, validated"
                        + " the same way (signature, exp required, audience and issuer when configured, roles and parties"
                        + " arrays of strings when present); exactly one such header; role INTEGRATION;"
                        + " its parties claim, when present, must include the contract's client or supplier id that"
                        + " issuedBy.party names, else NOT_ALLOWED. Without a valid token the command is REJECTED with"
                        + " UNAUTHENTICATED (a dead letter where no commandId can be read) and never processed"
                        + " (sla.intake.require-token, default true). A record the service re-drives from the dead-letter"
                        + " topic also carries sla-redriven-from (topic-partition@offset where it waited) and"
                        + " sla-redriven-by (the sub of the admin token that asked), which senders do not write."
                        + " The records contract-service writes (results, events,"
                        + " dead letters) are not compressed unless a topic's compression.type says so.");
        headers.putArray("required").add("authorization");
        headers.putObject("properties")
                .putObject("authorization")
                .put("type", "string")
                .put("pattern", "^Bearer .+$");
        channel(
                        channels,
                        "commandResults",
                        "contract.command-results",
                        "One result per command, keyed by contractId (or commandId where the contract id is unreadable).")
                .withObject("messages")
                .putObject("CommandResult")
                .put("$ref", "#/components/messages/CommandResult");
        messages.putObject("CommandResult")
                .put("name", "CommandResult")
                .put("contentType", "application/json")
                .putObject("payload")
                .put("$ref", "#/components/schemas/CommandResult");
        schemas.set(
                "CommandResult",
                recordSchema(CommandResult.class, Set.of("commandId", "status", "duplicate", "processedAt"), schemas));
        channel(
                channels,
                "commandsDeadLetter",
                "contract.commands.dlt",
                "Records that could not be processed: the original key and bytes as they came (a key that is "
                        + "not UTF-8 too, ADR 0032), with headers sla-dlt-reason, "
                        + "kafka_dlt-exception-message and kafka_dlt-original-topic/-partition/-offset; where the "
                        + "sender was valid when the record was dead-lettered, also sla-sender-vouch and "
                        + "sla-sender-seal, the service's sealed word for that sender, which a re-drive carries "
                        + "back to contract.commands (ADR 0022). The topic takes 64 KiB more than contract.commands; "
                        + "where it still refuses a record as too large, a stand-in without a value carries the same "
                        + "headers and sla-dlt-not-kept, the record's size and where it stays (ADR 0031).");
        ObjectNode events = channel(
                channels,
                "events",
                "contract.events",
                "Every stored event in its envelope, keyed by contractId, in sequence order per contract. At least once: consumers skip duplicates by (contractId, sequence).");
        ContractEvents.all().keySet().stream().sorted().forEach(name -> {
            Class<? extends ContractEvent> type = ContractEvents.classOf(name).orElseThrow();
            schemas.set(name + "Payload", recordSchema(type, allComponents(type), schemas));
            messages.set(name, message(name, "EventEnvelope", name + "Payload"));
            events.withObject("messages").putObject(name).put("$ref", "#/components/messages/" + name);
        });
        typeSchema(Actor.class, schemas);
        schemas.set("CommandEnvelope", commandEnvelopeSchema());
        schemas.set("EventEnvelope", eventEnvelopeSchema());

        ObjectNode operations = doc.putObject("operations");
        operation(operations, "receiveCommands", "receive", "commands");
        operation(operations, "sendResults", "send", "commandResults");
        operation(operations, "sendDeadLetters", "send", "commandsDeadLetter");
        operation(operations, "sendEvents", "send", "events");
        ObjectNode components = doc.putObject("components");
        components
                .putObject("securitySchemes")
                .putObject("scram")
                .put("type", "scramSha512")
                .put(
                        "description",
                        "SCRAM-SHA-512 users contract-service, projection-service and integration. Integrations may "
                                + "write contract.commands and read contract.command-results in consumer groups "
                                + "named integration-*; the full ACLs are in docker/kafka/acls.");
        components.set("messages", sorted(messages));
        components.set("schemas", sorted(schemas));
        return doc;
    }

    private static ObjectNode channel(ObjectNode channels, String name, String address, String description) {
        ObjectNode channel = channels.putObject(name);
        channel.put("address", address);
        channel.put("description", description);
        channel.putObject("messages");
        return channel;
    }

    private static void operation(ObjectNode operations, String name, String action, String channel) {
        operations.putObject(name).put("action", action).putObject("channel").put("$ref", "#/channels/" + channel);
    }

    private static ObjectNode message(String type, String envelope, String payloadSchema) {
        ObjectNode message = SlaJson.mapper().createObjectNode();
        message.put("name", type);
        message.put("contentType", "application/json");
        ArrayNode allOf = message.putObject("payload").putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/" + envelope);
        ObjectNode own = allOf.addObject();
        ObjectNode properties = own.putObject("properties");
        properties.putObject("type").put("const", type);
        properties.putObject("payload").put("$ref", "#/components/schemas/" + payloadSchema);
        return message;
    }

    private static ObjectNode recordSchema(Class<?> type, Set<String> required, ObjectNode schemas, String... skip) {
        ObjectNode schema = SlaJson.mapper().createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode requiredNames = SlaJson.mapper().createArrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            if (List.of(skip).contains(component.getName())) {
                continue;
            }
            properties.set(component.getName(), typeSchema(component.getGenericType(), schemas));
            if (required.contains(component.getName())) {
                requiredNames.add(component.getName());
            }
        }
        if (!requiredNames.isEmpty()) {
            schema.set("required", requiredNames);
        }
        return schema;
    }

    private static JsonNode typeSchema(Type type, ObjectNode schemas) {
        ObjectNode schema = SlaJson.mapper().createObjectNode();
        if (type instanceof ParameterizedType list) {
            schema.put("type", "array");
            schema.set("items", typeSchema(list.getActualTypeArguments()[0], schemas));
            return schema;
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            schema.put("type", "string");
        } else if (raw == ContractId.class || raw == ClauseId.class || raw == BreachId.class) {
            schema.put("type", "string")
                    .put("pattern", raw == BreachId.class ? "^[A-Za-z0-9._:-]{1,64}$" : "^[A-Za-z0-9._-]{1,64}$");
        } else if (raw == ContractVersion.class) {
            schema.put("type", "string").put("pattern", "^[1-9][0-9]*\\.[0-9]+$");
        } else if (raw == BigDecimal.class) {
            schema.put("type", "number");
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            schema.put("type", "integer");
        } else if (raw == Boolean.class || raw == boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Instant.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (raw == LocalDate.class) {
            schema.put("type", "string").put("format", "date");
        } else if (raw == YearMonth.class) {
            schema.put("type", "string").put("pattern", "^[0-9]{4}-[0-9]{2}$");
        } else if (raw == java.util.Currency.class) {
            schema.put("type", "string").put("description", "ISO 4217 code of a currency with a minor unit");
        } else if (raw.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).forEach(value -> values.add(value.toString()));
        } else if (raw.isRecord()) {
            if (!schemas.has(raw.getSimpleName())) {
                schemas.putObject(raw.getSimpleName());
                ObjectNode nested = recordSchema(raw, allComponents(raw), schemas);
                if (raw == Money.class) {
                    ((ObjectNode) nested.at("/properties/amount"))
                            .put("type", "string")
                            .put("pattern", "^-?[0-9]+(\\.[0-9]+)?$");
                }
                schemas.set(raw.getSimpleName(), nested);
            }
            schema.put("$ref", "#/components/schemas/" + raw.getSimpleName());
        } else {
            throw new IllegalArgumentException("no schema for " + raw);
        }
        return schema;
    }

    /** A command's required fields: those whose absence its own validation reports. */
    private static Set<String> requiredOf(Class<? extends ContractCommand> type) {
        ContractCommand sample =
                Samples.commands().stream().filter(type::isInstance).findFirst().orElseThrow();
        Set<String> required = new HashSet<>();
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Object[] values =
                    Arrays.stream(components).map(c -> value(c, sample)).toArray();
            if (components[i].getType().isPrimitive() || components[i].getName().equals("contractId")) {
                continue;
            }
            values[i] = null;
            try {
                ContractCommand without = type.getDeclaredConstructor(Arrays.stream(components)
                                .map(RecordComponent::getType)
                                .toArray(Class<?>[]::new))
                        .newInstance(values);
                String name = components[i].getName();
                if (without.validate().problems().stream().anyMatch(p -> p.startsWith(name + " "))) {
                    required.add(name);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return required;
    }

    private static Set<String> allComponents(Class<?> type) {
        Set<String> names = new HashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            names.add(component.getName());
        }
        return names;
    }

    private static Object value(RecordComponent component, Object instance) {
        try {
            return component.getAccessor().invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode commandEnvelopeSchema() {
        ObjectNode schema = SlaJson.mapper().createObjectNode();
        schema.put("type", "object");
        schema.put(
                "description",
                "commandId is the idempotency key: a resend of the same contract, type and payload from the same party (issuedBy.party) gets the stored"
                        + " result; the same commandId for anything else is COMMAND_ID_REUSED. expectedVersion, if given,"
                        + " must equal the contract's sequence. Text fields hold no control characters (free text may"
                        + " hold line feeds and tabs) and no lone surrogates; money has at most the decimals of its"
                        + " currency's minor unit (EUR 2, JPY 0, BHD 3; a code without one, such as XXX or XAU, is"
                        + " INVALID), percentages"
                        + " at most 4, and exponent notation is stored as the plain number; dates lie between 1970-01-01"
                        + " and 2199-12-31. A member the envelope, its issuedBy or the payload does not define is"
                        + " INVALID, never ignored.");
        schema.put("additionalProperties", false);
        ObjectNode p = schema.putObject("properties");
        p.putObject("commandId")
                .put("type", "string")
                .put("pattern", InputLimits.COMMAND_ID.pattern())
                .put("description", "'/' is reserved for the service's own commands");
        p.putObject("type").put("type", "string");
        p.putObject("contractId").put("type", "string").put("pattern", "^[A-Za-z0-9._-]{1,64}$");
        p.putObject("issuedBy").put("$ref", "#/components/schemas/Actor");
        p.putObject("issuedAt")
                .put("type", "string")
                .put("format", "date-time")
                .put(
                        "description",
                        "the sender's claim, kept as such; defaults to the time of receipt. The service stamps its own"
                                + " receivedAt and judges every time rule by it; an issuedAt more than 5 minutes ahead of"
                                + " it is INVALID.");
        p.putObject("expectedVersion").put("type", "integer").put("minimum", 0);
        p.putObject("payload").put("type", "object");
        schema.putArray("required")
                .add("commandId")
                .add("type")
                .add("contractId")
                .add("issuedBy");
        return schema;
    }

    private static ObjectNode eventEnvelopeSchema() {
        ObjectNode schema = SlaJson.mapper().createObjectNode();
        schema.put("type", "object");
        schema.put(
                "description",
                "hash = SHA-256 of the canonical text chainVersion gives (2: previousHash, sequence, type, revision,"
                        + " contract, party, actor, commandId, occurredAt, receivedAt, contractVersion and payload):"
                        + " see docs/hash-chain.md.");
        ObjectNode p = schema.putObject("properties");
        p.putObject("eventId").put("type", "string");
        p.putObject("type").put("type", "string");
        p.putObject("revision").put("type", "integer");
        p.putObject("contractId").put("type", "string");
        p.putObject("sequence").put("type", "integer").put("minimum", 0);
        p.putObject("occurredAt")
                .put("type", "string")
                .put("format", "date-time")
                .put("description", "the issuing command's issuedAt: the sender's claim");
        p.putObject("receivedAt")
                .put("type", "string")
                .put("format", "date-time")
                .put(
                        "description",
                        "when the service's own clock received the command; every time rule judges by it"
                                + " (absent on events stored before it existed)");
        p.putObject("recordedAt").put("type", "string").put("format", "date-time");
        p.putObject("actor").put("$ref", "#/components/schemas/Actor");
        p.putObject("commandId").put("type", "string");
        p.putObject("correlationId").put("type", "string");
        p.putObject("contractVersion").put("type", "string").put("description", "absent or null before activation");
        p.putObject("previousHash").put("type", "string").put("description", "null for sequence 0");
        p.putObject("hash").put("type", "string");
        ObjectNode payload = p.putObject("payload");
        payload.putArray("type").add("object").add("null");
        payload.put(
                "description",
                "the event as stored, the bytes its hash covers; null only when the stored event's payload,"
                        + " metadata or type cannot be read (damage in the event store, ADR 0018): that event cannot"
                        + " be read");
        p.putObject("chainVersion")
                .put("type", "integer")
                .put(
                        "description",
                        "the rule hash was computed by: 2 for every event stored since it existed; absent or 1 on"
                                + " older events, whose hash covers previousHash, sequence, type and payload only");
        schema.putArray("required")
                .add("eventId")
                .add("type")
                .add("contractId")
                .add("sequence")
                .add("hash")
                .add("payload");
        return schema;
    }

    private static ObjectNode sorted(ObjectNode node) {
        ObjectNode out = SlaJson.mapper().createObjectNode();
        node.properties().stream()
                .sorted(java.util.Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(entry -> out.set(entry.getKey(), entry.getValue()));
        return out;
    }
}
