package com.slaledger.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.api.Actor;
import com.slaledger.api.Party;
import com.slaledger.api.Samples;
import com.slaledger.api.command.CommandType;
import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.ContractEvents;
import com.slaledger.api.event.EventEnvelope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shared setup makes records through {@link Creators} (ADR 0009): every message must read as
 * with Jackson's own call of its creator, the same value or the same error with the same message,
 * for the published messages and for generated damage to them (a field dropped, nulled, or given
 * a value of another type or out of range, which a record's own check refuses).
 */
class CreatorsTest {

    private static final JsonMapper JACKSONS =
            SlaJson.withJacksonsCreators(JsonMapper.builder()).build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every command, every event, and an envelope around each event, with the type to read it as. */
    private static final List<Message> MESSAGES = messages();

    private record Message(Class<?> type, JsonNode json) {}

    @Test
    void theSharedSetupMakesEveryPublishedMessageThroughASpreadCreator() {
        List<Class<?>> types = new ArrayList<>(ContractEvents.all().values());
        CommandType.values().forEach(command -> types.add(command.commandClass()));
        types.add(EventEnvelope.class);
        var context = SlaJson.mapper()._deserializationContext();

        assertThat(types)
                .hasSizeGreaterThan(20)
                .allSatisfy(type -> assertThat(
                                ((BeanDeserializerBase) context.findRootValueDeserializer(context.constructType(type)))
                                        .getValueInstantiator())
                        .as(type.getSimpleName())
                        .isInstanceOf(Creators.Spread.class));
    }

    @Test
    void everyPublishedMessageReadsAsWithJacksonsCreators() {
        assertThat(MESSAGES).allSatisfy(message -> {
            Object read = read(SlaJson.mapper(), message.type(), message.json().toString());
            assertThat(read).isNotInstanceOf(String.class);
            assertThat(read)
                    .isEqualTo(read(JACKSONS, message.type(), message.json().toString()));
        });
    }

    @Property(tries = 2_000)
    void aDamagedMessageReadsAsWithJacksonsCreators(
            @ForAll @IntRange(min = 0, max = 10_000) int which,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 1_000_000) Integer> where,
            @ForAll("damage") List<JsonNode> replacements) {
        Message message = MESSAGES.get(which % MESSAGES.size());
        JsonNode damaged = message.json().deepCopy();
        for (int i = 0; i < Math.min(where.size(), replacements.size()); i++) {
            damage(damaged, where.get(i), replacements.get(i));
        }
        String text = damaged.toString();

        Object read = read(SlaJson.mapper(), message.type(), text);

        assertThat(read).isEqualTo(read(JACKSONS, message.type(), text));
        Statistics.collect(
                !(read instanceof String error)
                        ? "read"
                        : error.startsWith(ValueInstantiationException.class.getName())
                                ? "refused by the creator"
                                : "refused before it");
        Statistics.coverage(coverage -> {
            // The damage must reach the creators' own failures, not only Jackson's parsing.
            coverage.check("refused by the creator").percentage(share -> share > 2);
            coverage.check("read").percentage(share -> share > 5);
        });
    }

    /** What a field may become; a missing node drops it. */
    @Provide
    Arbitrary<List<JsonNode>> damage() {
        // Mostly nulls and gaps, which the records' own checks refuse; the rest Jackson's parsing meets.
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.<JsonNode>of(NODES.nullNode(), NODES.missingNode())),
                        Tuple.of(
                                4,
                                Arbitraries.<JsonNode>of(
                                        NODES.stringNode(""),
                                        NODES.stringNode("x"),
                                        NODES.stringNode("-1"),
                                        NODES.stringNode("2026-13-45T99:00:00Z"),
                                        NODES.numberNode(-1),
                                        NODES.numberNode(0),
                                        NODES.numberNode(Long.MAX_VALUE),
                                        NODES.numberNode(new BigDecimal("1e400")),
                                        NODES.numberNode(new BigDecimal("-0.5")),
                                        NODES.booleanNode(true),
                                        NODES.objectNode(),
                                        NODES.arrayNode(),
                                        NODES.arrayNode().add("x").add(1))))
                .list()
                .ofMinSize(1)
                .ofMaxSize(3);
    }

    /** Replaces (or, with a missing node, removes) the field or element {@code where} points at. */
    private static void damage(JsonNode root, int where, JsonNode replacement) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = containers.get(where % containers.size());
        if (container instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.get((where / containers.size()) % names.size());
            if (replacement.isMissingNode()) {
                object.remove(name);
            } else {
                object.set(name, replacement.deepCopy());
            }
        } else if (container instanceof ArrayNode array && !array.isEmpty()) {
            int index = (where / containers.size()) % array.size();
            if (replacement.isMissingNode()) {
                array.remove(index);
            } else {
                array.set(index, replacement.deepCopy());
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainer()) {
            containers.add(node);
            node.values().forEach(child -> collect(child, containers));
        }
    }

    /** The value read, or the error's class and message. */
    private static Object read(JsonMapper mapper, Class<?> type, String text) {
        try {
            return mapper.readValue(text, type);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static List<Message> messages() {
        List<Message> messages = new ArrayList<>();
        Samples.commands().forEach(command -> messages.add(message(command)));
        long sequence = 0;
        for (ContractEvent event : Samples.events()) {
            messages.add(message(event));
            messages.add(message(new EventEnvelope(
                    "event-" + sequence,
                    event.type(),
                    1,
                    event.contractId().value(),
                    sequence,
                    Instant.parse("2026-12-01T10:00:00Z"),
                    Instant.parse("2026-12-01T10:00:00.123Z"),
                    new Actor(Party.CLIENT, "client@example"),
                    "cmd-" + sequence++,
                    null,
                    null,
                    null,
                    "ab".repeat(32),
                    SlaJson.mapper().valueToTree(event),
                    Instant.parse("2026-12-01T10:00:00Z"),
                    2)));
        }
        return messages;
    }

    private static Message message(Object value) {
        return new Message(value.getClass(), SlaJson.mapper().valueToTree(value));
    }
}
