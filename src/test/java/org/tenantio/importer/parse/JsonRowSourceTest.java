package org.tenantio.importer.parse;

import org.tenantio.importer.system.ParseLimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRowSourceTest {

    static JsonRowSource json(String text, String... expected) throws IOException {
        return new JsonRowSource(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), List.of(expected),
                ParseLimits.DEFAULT);
    }

    static List<SourceRow> rows(JsonRowSource source) throws IOException {
        List<SourceRow> out = new ArrayList<>();
        try (source) {
            source.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void anArrayOfObjectsStreamsRowByRowWithTheMappingsColumnsInTheHeader() throws IOException {
        JsonRowSource source = json("[{\"first_name\":\"Ada\",\"n\":42,\"x\":3.50,\"ok\":true},"
                + "{\"first_name\":\"Alan\",\"email\":\"a@example.org\",\"tags\":[1,2],\"n\":null}]", "first_name", "email");

        List<SourceRow> rows = rows(source);

        assertThat(source.header()).containsExactly("first_name", "n", "x", "ok", "email");
        assertThat(rows.get(0).values()).as(rows.toString()).containsExactly("Ada", "42", "3.5", "true", "");
        assertThat(rows.get(1).values()).containsExactly("Alan", "", "", "", "a@example.org");
        assertThat(rows.get(1).rowNumber()).isEqualTo(2);
    }

    @Test
    void newlineDelimitedObjectsWorkAndANonObjectItemIsPARSE003() throws IOException {
        List<SourceRow> rows = rows(json("{\"a\":\"1\"}\n{\"a\":{\"b\":2}}\n7\n"));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).values()).containsExactly("{\"b\":2}");
        assertThat(rows.get(2).problem().ruleCode()).isEqualTo("PARSE-003");
    }

    @Test
    void brokenJsonFailsWithAReadableMessage() {
        assertThatThrownBy(() -> rows(json("[{\"a\":1},{\"a\":")))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("not valid JSON").hasMessageContaining("item 2");
        assertThatThrownBy(() -> json("{nope")).isInstanceOf(FileFormatException.class);
    }

    @Test
    void anEmptyBatchHasNoHeader() throws IOException {
        assertThat(json("[]").header()).isEmpty();
    }
}
