package org.tenantio.importer.mapping;

import org.tenantio.importer.row.ColumnMapping;

import org.tenantio.importer.row.MappingDefinition;

import org.tenantio.importer.row.MappingVersion;

import org.tenantio.importer.row.HeaderLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** Mapping files: parsing and their checks, header resolution, transforms, the map stage. */
class MappingTest {

    static MappingDefinition volunteers() throws Exception {
        return MappingRepository.parse("demo/volunteers.yaml", Files.readString(Path.of("mappings/demo/volunteers.yaml")));
    }

    @Test
    void theSampleMappingParses() throws Exception {
        MappingDefinition mapping = volunteers();

        assertThat(mapping.entity()).isEqualTo("person");
        assertThat(mapping.externalIdField()).isEqualTo("external_id");
        assertThat(mapping.columns()).extracting(ColumnMapping::field).contains("first_name", "postal_code");
        assertThat(mapping.defaults()).containsEntry("country", "GB");
    }

    @Test
    void headersResolveCaseInsensitivelyInAnyOrderWithAliases() {
        MappingDefinition mapping = new MappingDefinition("person", null, null, List.of(
                new ColumnMapping("email", List.of("E-mail Address"), null, true, List.of(), List.of()),
                new ColumnMapping("last_name", List.of(), null, true, List.of(), List.of()),
                new ColumnMapping("city", List.of(), null, false, List.of(), List.of())), Map.of());

        HeaderLayout layout = HeaderLayout.resolve(mapping, List.of(" LAST_NAME ", "Shoe size", "e-mail address", ""));

        assertThat(layout.acceptable()).isTrue();
        assertThat(layout.positions().values()).containsExactly(2, 0);
        assertThat(layout.unmapped()).containsExactly("Shoe size");
        assertThat(layout.missingRequired()).isEmpty();
    }

    @Test
    void aMissingRequiredColumnIsNamed() throws Exception {
        HeaderLayout layout = HeaderLayout.resolve(volunteers(), List.of("email", "first_name"));

        assertThat(layout.acceptable()).isFalse();
        assertThat(layout.missingRequired()).containsExactly("last_name");
    }

    @Test
    void transformsApplyInOrder() {
        ColumnMapping c = new ColumnMapping("x", null, null, false, List.of("trim", "title"), null);
        ColumnMapping d = new ColumnMapping("d", null, null, false, List.of("trim", "date"), List.of("dd/MM/yyyy", "yyyyMMdd"));

        assertThat(ValueTransforms.apply(c, "  mary-jane o'neil ")).isEqualTo("Mary-Jane O'Neil");
        assertThat(ValueTransforms.apply(new ColumnMapping("x", null, null, false, List.of("upper"), null), "sw1a"))
                .isEqualTo("SW1A");
        assertThat(ValueTransforms.apply(new ColumnMapping("x", null, null, false, List.of("lower"), null), "A@B"))
                .isEqualTo("a@b");
        assertThat(ValueTransforms.apply(d, " 10/12/1985")).isEqualTo("1985-12-10");
        assertThat(ValueTransforms.apply(d, "19851210")).isEqualTo("1985-12-10");
        assertThat(ValueTransforms.apply(d, "31/02/1990")).isEqualTo("31/02/1990");
        assertThat(ValueTransforms.apply(new ColumnMapping("d", null, null, false, List.of("date"), null), "1990-01-02"))
                .isEqualTo("1990-01-02");
        assertThat(ValueTransforms.apply(c, null)).isNull();
    }

    @Test
    void badMappingFilesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> MappingRepository.parse("m.yaml", "entity: person\ncolumns:\n  - source: a\n    transforms: [shout]\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("unknown transform 'shout'");
        assertThatThrownBy(() -> MappingRepository.parse("m.yaml", "entity: person\ncolumns: []\n"))
                .hasMessageContaining("at least one column");
        assertThatThrownBy(() -> MappingRepository.parse("m.yaml", "entity: person\ncolums: []\n"))
                .hasMessageContaining("not valid");
        assertThatThrownBy(() -> MappingRepository.parse("m.yaml",
                "entity: person\ncolumns:\n  - source: a\n    field: x\n  - source: b\n    field: x\n"))
                .hasMessageContaining("two columns to field 'x'");
        assertThatThrownBy(() -> MappingRepository.parse("m.yaml", "entity: person\ncolumns:\n  - field: x\n"))
                .hasMessageContaining("without a source");
    }

    @Test
    void theMapStageFillsFieldsDefaultsAndTheExternalIdAndFlagsEmptyRequiredValues() throws Exception {
        MappingDefinition mapping = volunteers();
        List<String> header = List.of("external_id", "first_name", "last_name", "email", "postal_code");
        HeaderLayout layout = HeaderLayout.resolve(mapping, header);
        RunContext ctx = new RunContext(null, null, null, "volunteers", "person", new MappingVersion(1, "c", mapping),
                layout, "GB", "f.csv", -1, false, null, false, null);
        RowState good = new RowState(1, List.of(" V-1 ", " Ada ", "Lovelace", "ada@example.org", "sw1y 4jh"), Map.of());
        RowState blank = new RowState(2, List.of("V-2", "Alan", "  ", "", ""), Map.of());

        new RowMapper().map(new RowChunk(ctx, List.of(good, blank), 0, 0));

        assertThat(good.externalId()).isEqualTo("V-1");
        assertThat(good.fields()).containsEntry("first_name", "Ada").containsEntry("postal_code", "SW1Y 4JH")
                .containsEntry("country", "GB").doesNotContainKey("external_id").doesNotContainKey("email2");
        assertThat(good.violations()).isEmpty();
        assertThat(blank.fields()).doesNotContainKey("email").doesNotContainKey("last_name");
        assertThat(blank.violations()).extracting(v -> v.ruleCode() + ":" + v.field()).containsExactly("REQ-002:last_name");
    }
}
