package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import java.util.Locale;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * DOM-203 and normaliser: country codes are stored upper-case (before the phone rule reads them)
 * and must be ISO 3166-1 alpha-2 codes.
 */
@Component
@Order(5)
public class CountryRule implements RowRule {

    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    @Override
    public void check(RowState row, RunContext context) {
        String value = row.fields().get(PersonFields.COUNTRY);
        if (value == null) {
            return;
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        row.fields().put(PersonFields.COUNTRY, code);
        if (!ISO_CODES.contains(code)) {
            row.violations().add(Violation.error("DOM-203", PersonFields.COUNTRY, value,
                    "Country code '" + code + "' is not an ISO 3166 code",
                    "Use the two-letter ISO 3166-1 code, e.g. GB for the United Kingdom (not UK), DE for Germany"));
        }
    }
}
