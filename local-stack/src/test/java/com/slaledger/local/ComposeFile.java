package com.slaledger.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as the tests read it: each service's environment, with the secrets it requires
 * taken from .env.example (compose itself refuses to start without them) and defaults for the rest.
 */
final class ComposeFile {

    /** The repository's root: the tests run in the local-stack folder. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** {@code ${NAME:-default}} or {@code ${NAME:?message}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):([-?])([^}]*)}");

    private final Map<String, Object> services;
    private final Map<String, String> secrets;

    @SuppressWarnings("unchecked")
    private ComposeFile(Map<String, Object> compose, Map<String, String> secrets) {
        this.services = (Map<String, Object>) compose.get("services");
        this.secrets = secrets;
    }

    static ComposeFile read() {
        try {
            Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
            Map<String, String> secrets = new LinkedHashMap<>();
            for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
                if (!line.startsWith("#") && line.contains("=")) {
                    secrets.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
            return new ComposeFile(compose, secrets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file refuses to start without {@code name} ({@code ${name:?...}}), wherever it is used. */
    boolean requires(String name) {
        try {
            return Files.readString(ROOT.resolve("docker-compose.yml")).contains("${" + name + ":?");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> service(String name) {
        return (Map<String, Object>) services.get(name);
    }

    /**
     * A service's environment with every ${NAME:-default} replaced by its default and every
     * ${NAME:?message} by .env.example's value, which must exist.
     */
    @SuppressWarnings("unchecked")
    Map<String, String> environment(String service) {
        Map<String, Object> environment =
                (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
        Map<String, String> resolved = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            Matcher matcher = VARIABLE.matcher(String.valueOf(value));
            resolved.put(name, matcher.replaceAll(match -> Matcher.quoteReplacement(resolve(match))));
        });
        return resolved;
    }

    private String resolve(java.util.regex.MatchResult variable) {
        if (variable.group(2).equals("-")) {
            return variable.group(3);
        }
        String value = secrets.get(variable.group(1));
        if (value == null) {
            throw new IllegalStateException(
                    ".env.example does not give " + variable.group(1) + ", which compose requires");
        }
        return value;
    }
}
