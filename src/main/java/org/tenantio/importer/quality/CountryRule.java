package org.tenantio.importer.quality;

import java.util.Locale;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.run.RowState;
import org.tenantio.importer.run.RunContext;

/** Normaliser: country codes are compared and stored upper-case (runs before the phone rule reads them). */
@Component
@Order(5)
public class CountryRule implements RowRule {

    @Override
    public void check(RowState row, RunContext context) {
        row.fields().computeIfPresent(PersonFields.COUNTRY, (k, v) -> v.strip().toUpperCase(Locale.ROOT));
    }
}
