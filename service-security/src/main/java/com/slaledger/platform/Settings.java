package com.slaledger.platform;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * The range each of the services' own settings must lie in, checked where the setting is bound. A
 * value outside it stops the service at its start, and the failure report ({@link
 * SettingFailureAnalyzer}) names the setting, the variable that sets it, the value and what it must
 * be (ADR 0027). Without the check such a value was taken and
 * misbehaved later: a record limit of 256 (meant as KiB) refused every command as too large, a
 * schema name with a dash would have broken the first rebuild's swap, and a count of zero or less
 * failed inside Kafka or Caffeine in their own words, or not at all.
 *
 * <p>Each check returns the value, so a record's compact constructor or a bean's constructor reads
 * {@code this.pageSize = Settings.atLeast("sla.review.page-size", pageSize, 1)}.
 */
public final class Settings {

    /** What Kafka takes as a topic's name. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** A name that is the same quoted or not: PostgreSQL folds an unquoted name to lower case. */
    private static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private Settings() {}

    /** {@code value}, when it is at least {@code least}. */
    public static int atLeast(String name, int value, int least) {
        if (value < least) {
            throw invalid(name, value, "it must be at least " + least);
        }
        return value;
    }

    /** {@code value}, when it is set and lies from {@code least} to {@code most}. */
    public static DataSize size(String name, DataSize value, DataSize least, DataSize most) {
        if (value == null || value.compareTo(least) < 0 || value.compareTo(most) > 0) {
            throw invalid(
                    name,
                    value,
                    "it must be a size from " + least.toKilobytes() + "KB to " + most.toMegabytes() + "MB");
        }
        return value;
    }

    /** {@code value}, when it is set and longer than zero. */
    public static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(name, value, "it must be a duration longer than zero, such as PT5S");
        }
        return value;
    }

    /** {@code value}, when it is set and lies from zero to {@code most}. */
    public static Duration upTo(String name, Duration value, Duration most) {
        if (value == null || value.isNegative() || value.compareTo(most) > 0) {
            throw invalid(name, value, "it must be a duration from PT0S to " + most);
        }
        return value;
    }

    /** {@code value}, when it is set, longer than zero and at most {@code most}. */
    public static Duration positiveUpTo(String name, Duration value, Duration most) {
        return upTo(name, positive(name, value), most);
    }

    /** {@code value}, when it is set and at least {@code least} (another setting, named {@code leastName}). */
    public static Duration atLeast(String name, Duration value, String leastName, Duration least) {
        if (value == null || value.compareTo(least) < 0) {
            throw invalid(name, value, "it must be a duration of at least " + leastName + " (" + least + ")");
        }
        return value;
    }

    /** {@code value}, when it is set and not negative. */
    public static Duration notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(name, value, "it must be a duration of zero or more, such as P7D");
        }
        return value;
    }

    /** {@code value}, when it is a name Kafka takes for a topic. */
    public static String topic(String name, String value) {
        if (value == null || !TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw invalid(name, value, "it must be a topic name of 1 to 249 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /** {@code value}, when it holds something other than white space. */
    public static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name, value, "it must not be empty");
        }
        return value;
    }

    /**
     * {@code value}, when it is a name of lower-case letters, digits and '_', not starting with a
     * digit, of at most {@code maxLength} characters: the same quoted or not, and with nothing a
     * quoted name would have to escape. A word PostgreSQL reserves ({@code order}) is one too, for
     * the rebuild quotes the name in its statements.
     */
    public static String sqlName(String name, String value, int maxLength) {
        if (value == null
                || value.length() > maxLength
                || !SQL_NAME.matcher(value).matches()) {
            throw invalid(
                    name,
                    value,
                    "it must be a name of 1 to " + maxLength
                            + " lower-case letters, digits or '_', not starting with a digit");
        }
        return value;
    }

    /** A setting's value as a report shows it: quoted, or "not set". */
    static String shown(Object value) {
        return value == null ? "not set" : "'" + value + "'";
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(name, value, reason);
    }
}
