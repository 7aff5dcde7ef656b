package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** The state normaliser: trimmed and upper-cased, never a violation. */
class StateRuleTest {

    final RowValidator validator = new RowValidator(List.of(new StateRule()));

    @Test
    void aStateIsTrimmedAndUpperCasedWithoutAnyCheck() {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().put("state", " nsw ");
        RowState unknown = new RowState(2, List.of(), Map.of());
        unknown.fields().put("state", "Nowhere Land");

        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row, unknown), 0, 0));

        assertThat(row.fields()).containsEntry("state", "NSW");
        assertThat(unknown.fields()).containsEntry("state", "NOWHERE LAND");
        assertThat(row.violations()).isEmpty();
        assertThat(unknown.violations()).isEmpty();
    }
}
