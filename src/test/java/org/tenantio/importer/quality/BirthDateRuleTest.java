package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** DOM-201's age limits: 10 to 110 years, both inclusive, on the rule's clock (2026-11-22). */
class BirthDateRuleTest {

    final RowValidator validator = new RowValidator(List.of(new BirthDateRule(RowRulesTest.TODAY)));

    private RowState validate(String dateOfBirth) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().put("date_of_birth", dateOfBirth);
        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row), 0, 0));
        return row;
    }

    @Test
    void anAgeUnderTenFiresWithTheAgeAndTheRangeInTheMessage() {
        RowState row = validate("2016-11-23");

        assertThat(row.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleCode()).isEqualTo("DOM-201");
            assertThat(v.field()).isEqualTo("date_of_birth");
            assertThat(v.value()).isEqualTo("2016-11-23");
            assertThat(v.message()).contains("Age 9").contains("10 to 110 years");
            assertThat(v.hint()).isNotBlank();
        });
        assertThat(row.quarantined()).isTrue();
    }

    @Test
    void anAgeOverOneHundredAndTenFires() {
        RowState row = validate("1915-11-22");

        assertThat(row.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleCode()).isEqualTo("DOM-201");
            assertThat(v.message()).contains("Age 111").contains("10 to 110 years");
        });
    }

    @Test
    void theLimitsThemselvesAreAllowed() {
        assertThat(validate("2016-11-22").violations()).as("10 today").isEmpty();
        assertThat(validate("1916-11-22").violations()).as("110 today").isEmpty();
        assertThat(validate("1915-11-23").violations()).as("110, 111 tomorrow").isEmpty();
        assertThat(validate("1985-12-10").violations()).isEmpty();
    }

    @Test
    void aFutureOrUnreadableDateKeepsItsOwnMessage() {
        assertThat(validate("2091-05-12").violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("Date of birth is in the future"));
        assertThat(validate("31/02/1990").violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("Date of birth is not a date in an accepted format"));
    }
}
