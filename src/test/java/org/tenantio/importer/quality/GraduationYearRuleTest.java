package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** DOM-202: a whole year from 1976 to 2036 on the rule's clock (2026-11-22). */
class GraduationYearRuleTest {

    final RowValidator validator = new RowValidator(List.of(new GraduationYearRule(RowRulesTest.TODAY)));

    private RowState validate(String year) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().put("graduation_year", year);
        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row), 0, 0));
        return row;
    }

    private static List<String> codes(RowState row) {
        return row.violations().stream().map(Violation::ruleCode).toList();
    }

    @Test
    void aYearInsideTheRangeIsQuietAndTrimmed() {
        RowState row = validate(" 2019 ");

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("graduation_year", "2019");
        assertThat(codes(validate("1976"))).as("50 years back").isEmpty();
        assertThat(codes(validate("2036"))).as("10 years ahead").isEmpty();
    }

    @Test
    void aYearOutsideTheRangeFiresWithTheRangeInTheMessage() {
        RowState old = validate("1975");

        assertThat(codes(old)).containsExactly("DOM-202");
        assertThat(old.violations().get(0).message()).contains("1975").contains("1976 to 2036");
        assertThat(old.violations().get(0).hint()).isNotBlank();
        assertThat(codes(validate("2037"))).containsExactly("DOM-202");
        assertThat(codes(validate("19"))).containsExactly("DOM-202");
    }

    @Test
    void aValueThatIsNotAWholeNumberFires() {
        RowState row = validate("2019.5");

        assertThat(codes(row)).containsExactly("DOM-202");
        assertThat(row.violations().get(0).message()).isEqualTo("Graduation year is not a whole number");
        assertThat(row.violations().get(0).value()).isEqualTo("2019.5");
        assertThat(codes(validate("twenty"))).containsExactly("DOM-202");
    }
}
