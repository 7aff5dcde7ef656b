package org.tenantio.importer.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The person contract's match rules, read from the real contract file. */
final class Rules {
    private Rules() {
    }

    static MatchRules person() {
        try {
            return MatchConfigs.parse(new ObjectMapper(new YAMLFactory())
                    .readTree(Path.of("mappings/contracts/person.yaml").toFile()).get("match"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
