package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** The name normaliser: whitespace tidied, letters (diacritics included) untouched, never a violation. */
class NameRuleTest {

    final RowValidator validator = new RowValidator(List.of(new NameRule()));

    private RowState validate(Map<String, String> fields) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().putAll(fields);
        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row), 0, 0));
        return row;
    }

    @Test
    void namesAreTrimmedAndInnerWhitespaceCollapsed() {
        RowState row = validate(Map.of("first_name", "  Mary \t  Ann ", "last_name", "van\u00a0 der\n Berg "));

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("first_name", "Mary Ann").containsEntry("last_name", "van der Berg");
    }

    @Test
    void diacriticsAndCaseStayAsSent() {
        String decomposed = "Zoe\u0308";
        RowState row = validate(Map.of("first_name", " Zoë ", "last_name", "Brontë", "city", "  Haworth  "));

        assertThat(row.fields()).containsEntry("first_name", "Zoë").containsEntry("last_name", "Brontë")
                .containsEntry("city", "  Haworth  ");
        assertThat(validate(Map.of("first_name", decomposed)).fields()).containsEntry("first_name", decomposed);
        assertThat(validate(Map.of("last_name", "McDONALD")).fields()).containsEntry("last_name", "McDONALD");
    }
}
