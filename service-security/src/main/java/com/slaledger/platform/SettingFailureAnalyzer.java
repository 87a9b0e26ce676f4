package com.slaledger.platform;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The report of a start stopped by a setting out of its range ({@link Settings}), in an operator's
 * terms: the setting, the environment variable the service's yml reads it from, the value and what
 * it must be. Ahead of Spring Boot's own report of a failed binding, which names Java types and
 * not the variable (ADR 0027).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException> {

    /** A variable the yml reads, as in {@code ${SLA_COMMAND_MAX_BATCH_TIME:PT0.1S}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private final Environment environment;

    SettingFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
        String name = cause.getName();
        Set<String> variables = variablesOf(name);
        String setBy = variables.isEmpty() ? "" : " (set by " + String.join(" or ", variables) + ")";
        String description = name + setBy + " is " + Settings.shown(cause.getValue()) + ": " + cause.getReason() + ".";
        String action = variables.isEmpty()
                ? "Set " + name + " within its range, or leave it out for its default."
                : "Set " + variables.iterator().next()
                        + " within that range, or unset it for the default (README, Configuration).";
        return new FailureAnalysis(description, action, cause);
    }

    /**
     * The variables the setting's value is read from, found in the first property source that
     * holds it unresolved: the service's yml writes {@code ${VARIABLE:default}}.
     */
    private Set<String> variablesOf(String name) {
        Set<String> variables = new LinkedHashSet<>();
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return variables;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            Object raw = source.getProperty(name);
            if (raw != null) {
                Matcher matcher = VARIABLE.matcher(raw.toString());
                while (matcher.find()) {
                    variables.add(matcher.group(1));
                }
                return variables;
            }
        }
        return variables;
    }
}
