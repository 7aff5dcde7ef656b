package org.tenantio.importer.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every csv-spectrum case parses to the objects its JSON twin lists (test data: BSD-2-Clause). */
class CsvSpectrumTest {

    static final Path ROOT = Path.of("src/test/resources/csv-spectrum");

    static Stream<String> cases() throws Exception {
        try (Stream<Path> files = Files.list(ROOT.resolve("csvs"))) {
            return files.map(p -> p.getFileName().toString().replace(".csv", "")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parsesToTheExpectedObjects(String name) throws Exception {
        List<Map<String, String>> expected = new ObjectMapper().readValue(
                ROOT.resolve("json").resolve(name + ".json").toFile(), new TypeReference<>() { });

        List<Map<String, String>> actual = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ROOT.resolve("csvs").resolve(name + ".csv"));
             CsvRowSource source = new CsvRowSource(in)) {
            while (source.hasNext()) {
                SourceRow row = source.next();
                assertThat(row.malformed()).as("row %d of %s", row.rowNumber(), name).isFalse();
                Map<String, String> object = new LinkedHashMap<>();
                for (int i = 0; i < source.header().size(); i++) {
                    object.put(source.header().get(i), row.values().get(i));
                }
                actual.add(object);
            }
        }

        assertThat(actual).isEqualTo(expected);
    }
}
