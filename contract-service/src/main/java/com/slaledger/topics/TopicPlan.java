package com.slaledger.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What contract-service needs of the four topics it owns, and what to do with the broker's topics
 * as they are to get there (ADR 0037). A pure function of those topics, so that it is checked over
 * generated states, and carried out against the broker by {@link OwnedTopics}.
 *
 * <ul>
 *   <li>A missing topic is created with every setting below written on it, not left to the broker's
 *       defaults, which an operator may have changed.
 *   <li>An existing topic keeps its partitions, whatever the setting asks: records are keyed by
 *       contract, so more partitions would send a contract's later records to another partition
 *       than its earlier ones, and a rebuild or a consumer would see them out of order. Spring Kafka's
 *       {@code KafkaAdmin} adds them; this does not, and says so.
 *   <li>An existing topic gets the settings a guarantee rests on, where it lacks them: events and
 *       dead letters kept forever and never compacted, commands never compacted and stored
 *       uncompressed (so that the topic's limit bounds every record as the intake reads it, not only
 *       a compressed batch as it arrives; ADR 0043), and a dead-letter limit that takes any record of
 *       the commands topic's limit with what a dead letter adds. A limit an operator raised above
 *       that is left as it is; nothing else is touched.
 * </ul>
 */
public final class TopicPlan {

    /**
     * The largest record batch the commands topic takes when the service creates it: Kafka's
     * default ({@code message.max.bytes}), written on the topic so that the dead-letter topic's own
     * limit can be set above it.
     */
    public static final int COMMANDS_MAX_MESSAGE_BYTES = 1_048_588;

    /**
     * Room on the dead-letter topic for what a dead letter adds to the record it keeps: the reason,
     * its message (at most 8 KiB), where it came from and the vouch for its sender, a few kilobytes
     * at most (ADR 0031).
     */
    public static final int DEAD_LETTER_HEADROOM = 64 * 1024;

    private static final String DELETE = TopicConfig.CLEANUP_POLICY_DELETE;
    private static final String FOREVER = "-1";
    private static final String UNCOMPRESSED = "uncompressed";

    /**
     * The topics' names and the partitions the settings ask for.
     *
     * @param commandPartitions {@code sla.intake.partitions}, for the commands and results topics
     * @param eventPartitions {@code sla.publishing.partitions}
     */
    public record Names(
            String commands,
            String results,
            String deadLetters,
            String events,
            int commandPartitions,
            int eventPartitions) {}

    /**
     * A topic as the broker has it: its partitions, and its settings in effect, defaults included;
     * null where they could not be read, and then nothing is set on it blind.
     */
    public record Existing(int partitions, Map<String, String> settings) {}

    /** A topic to create, with its settings. */
    public record Creation(String topic, int partitions, Map<String, String> settings) {}

    /** A setting of an existing topic to set, and the guarantee that needs it. */
    public record Change(String topic, String setting, String from, String to, String why) {

        /** As logged and shown by health: {@code contract.events retention.ms 604800000 -> -1}. */
        public String summary() {
            return topic + " " + setting + " " + from + " -> " + to;
        }
    }

    /**
     * @param creations the missing topics, to create
     * @param changes settings of existing topics, to set
     * @param kept existing topics whose partitions differ from the setting, and are kept as they are
     */
    public record Plan(List<Creation> creations, List<Change> changes, List<String> kept) {

        public boolean nothingToDo() {
            return creations.isEmpty() && changes.isEmpty();
        }
    }

    private record Need(String setting, String value, boolean atLeast, String why) {

        static Need exactly(String setting, String value, String why) {
            return new Need(setting, value, false, why);
        }

        boolean metBy(String current) {
            if (!atLeast) {
                return value.equals(current);
            }
            try {
                return current != null && Long.parseLong(current) >= Long.parseLong(value);
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
    }

    private TopicPlan() {}

    /** The topic names whose settings the plan reads: those with needs. */
    public static List<String> withNeeds(Names names) {
        return List.of(names.commands(), names.deadLetters(), names.events());
    }

    /**
     * What to do, given the topics that exist ({@code existing}, by name; the settings are needed of
     * those {@link #withNeeds} names; a missing topic is absent).
     */
    public static Plan of(Names names, Map<String, Existing> existing) {
        int commandsLimit = commandsLimit(existing.get(names.commands()));
        List<Creation> creations = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Wanted topic : List.of(
                new Wanted(
                        names.commands(),
                        names.commandPartitions(),
                        "sla.intake.partitions",
                        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(COMMANDS_MAX_MESSAGE_BYTES)),
                        commandNeeds()),
                new Wanted(names.results(), names.commandPartitions(), "sla.intake.partitions", Map.of(), List.of()),
                new Wanted(names.deadLetters(), 1, null, Map.of(), deadLetterNeeds(names.commands(), commandsLimit)),
                new Wanted(
                        names.events(),
                        names.eventPartitions(),
                        "sla.publishing.partitions",
                        Map.of(),
                        keptForever("a rebuild reads every event from the topic's start")))) {
            Existing now = existing.get(topic.name());
            if (now == null) {
                creations.add(topic.creation());
                continue;
            }
            if (topic.partitionsSetting() != null && now.partitions() != topic.partitions()) {
                kept.add(topic.name() + " has " + now.partitions() + " partitions where " + topic.partitionsSetting()
                        + " asks for " + topic.partitions() + ": kept, since a contract's records must stay on one"
                        + " partition (ADR 0037)");
            }
            if (now.settings() == null) {
                continue;
            }
            for (Need need : topic.needs()) {
                String current = now.settings().get(need.setting());
                if (!need.metBy(current)) {
                    changes.add(new Change(topic.name(), need.setting(), current, need.value(), need.why()));
                }
            }
        }
        return new Plan(List.copyOf(creations), List.copyOf(changes), List.copyOf(kept));
    }

    private record Wanted(
            String name, int partitions, String partitionsSetting, Map<String, String> settings, List<Need> needs) {

        /** Every need written on the new topic as its value, beside the topic's own settings. */
        Creation creation() {
            Map<String, String> all = new LinkedHashMap<>(settings);
            needs.forEach(need -> all.put(need.setting(), need.value()));
            return new Creation(name, partitions, Map.copyOf(all));
        }
    }

    private static List<Need> commandNeeds() {
        return List.of(
                Need.exactly(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        DELETE,
                        "a compacted topic drops a contract's earlier commands, answered or not"),
                Need.exactly(
                        TopicConfig.COMPRESSION_TYPE_CONFIG,
                        UNCOMPRESSED,
                        "the broker measures a compressed batch against the topic's limit before decompressing"
                                + " it, so one small batch could hold a record of any size, which the intake must"
                                + " hold whole to read and no dead letter could keep (ADR 0043)"));
    }

    private static List<Need> keptForever(String why) {
        return List.of(
                Need.exactly(TopicConfig.RETENTION_MS_CONFIG, FOREVER, why),
                Need.exactly(TopicConfig.RETENTION_BYTES_CONFIG, FOREVER, why),
                Need.exactly(TopicConfig.CLEANUP_POLICY_CONFIG, DELETE, why));
    }

    private static List<Need> deadLetterNeeds(String commands, int commandsLimit) {
        List<Need> needs =
                new ArrayList<>(keptForever("a dead letter waits for an operator's fix however long that takes"));
        needs.add(new Need(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                String.valueOf((long) commandsLimit + DEAD_LETTER_HEADROOM),
                true,
                "a dead letter keeps the bytes of any record " + commands
                        + " takes, with the headers it adds (ADR 0031)"));
        return needs;
    }

    /** The commands topic's limit in effect, or the one it is created with. */
    private static int commandsLimit(Existing commands) {
        if (commands == null || commands.settings() == null) {
            return COMMANDS_MAX_MESSAGE_BYTES;
        }
        try {
            return Integer.parseInt(commands.settings().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
        } catch (NumberFormatException unreadable) {
            return COMMANDS_MAX_MESSAGE_BYTES;
        }
    }
}
