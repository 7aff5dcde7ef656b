package org.tenantio.importer.quality;

import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** A data-quality rule: normalises the fields it owns and records a violation when the row breaks it. */
public interface RowRule {
    void check(RowState row, RunContext context);
}
