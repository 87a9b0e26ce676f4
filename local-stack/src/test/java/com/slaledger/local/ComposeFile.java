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

/** docker-compose.yml as the tests read it: each service's environment, with nothing set outside. */
final class ComposeFile {

    /** The repository's root: the tests run in the local-stack folder. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");

    private final Map<String, Object> services;

    @SuppressWarnings("unchecked")
    private ComposeFile(Map<String, Object> compose) {
        this.services = (Map<String, Object>) compose.get("services");
    }

    static ComposeFile read() {
        try {
            Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
            return new ComposeFile(compose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's environment with every ${NAME:-default} replaced by its default. */
    @SuppressWarnings("unchecked")
    Map<String, String> environment(String service) {
        Map<String, Object> environment =
                (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
        Map<String, String> resolved = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            Matcher matcher = DEFAULTED.matcher(String.valueOf(value));
            resolved.put(name, matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1))));
        });
        return resolved;
    }
}
