package org.tenantio.importer.quality;

import java.util.Locale;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** Normaliser: states are stored trimmed and upper-case; not checked, there is no reference list for them. */
@Component
@Order(6)
public class StateRule implements RowRule {

    @Override
    public void check(RowState row, RunContext context) {
        row.fields().computeIfPresent(PersonFields.STATE, (k, v) -> v.strip().toUpperCase(Locale.ROOT));
    }
}
