package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** DOM-203: country codes are upper-cased and must be ISO 3166-1 alpha-2. */
class CountryRuleTest {

    final RowValidator validator = new RowValidator(List.of(new CountryRule()));

    private RowState validate(String country) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().put("country", country);
        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row), 0, 0));
        return row;
    }

    @Test
    void anIsoCodeIsQuietAndUpperCased() {
        RowState row = validate(" gb ");

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("country", "GB");
        assertThat(validate("Au").fields()).containsEntry("country", "AU");
        assertThat(validate("EG").violations()).isEmpty();
    }

    @Test
    void aCodeThatIsNotIsoFires() {
        RowState row = validate("uk");

        assertThat(row.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleCode()).isEqualTo("DOM-203");
            assertThat(v.field()).isEqualTo("country");
            assertThat(v.value()).isEqualTo("uk");
            assertThat(v.message()).isEqualTo("Country code 'UK' is not an ISO 3166 code");
            assertThat(v.hint()).isNotBlank();
        });
        assertThat(row.fields()).containsEntry("country", "UK");
        assertThat(validate("XX").violations()).extracting(Violation::ruleCode).containsExactly("DOM-203");
        assertThat(validate("GBR").violations()).extracting(Violation::ruleCode).containsExactly("DOM-203");
    }
}
