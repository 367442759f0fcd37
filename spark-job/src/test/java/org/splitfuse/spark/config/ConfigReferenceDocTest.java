package org.splitfuse.spark.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must describe every key of reference.conf, and no key that is gone. */
class ConfigReferenceDocTest {

    @Test
    void everyKeyIsDocumented() throws Exception {
        Config reference = ConfigFactory.parseResources("reference.conf").resolve().getConfig(ConfigLoader.ROOT);
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> missing = reference.entrySet().stream().map(e -> e.getKey())
                .filter(k -> !doc.contains("| `" + k + "` |")).sorted().collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "keys missing from docs/configuration.md: " + missing);
        List<String> stale = doc.lines().filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3)))
                .filter(k -> !reference.hasPath(k)).collect(Collectors.toList());
        assertTrue(stale.isEmpty(), "documented keys that reference.conf lacks: " + stale);
    }
}
