package org.tenantio.importer.row;

import java.util.Locale;

/** The one outcome every input row ends in; the run's counts are these, summed. */
public enum Outcome {
    INSERTED, UPDATED, UNCHANGED, QUARANTINED,
    /** Auto-merged into an existing person (or an earlier row of the run); the row's ids now resolve to the survivor. */
    MERGED,
    /** Loaded as a new record, with a duplicate suggestion for a steward to decide. */
    REVIEW;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
