package org.tenantio.importer.row;

import java.util.Locale;

/** The one outcome every input row ends in; the run's counts are these, summed. */
public enum Outcome {
    INSERTED, UPDATED, UNCHANGED, QUARANTINED,
    /** Auto-merged into an existing person (or an earlier row of the run); the row's ids now resolve to the survivor. */
    MERGED,
    /** Loaded as a new record, with a duplicate suggestion for a steward to decide. */
    REVIEW,
    /** Resolved to a record whose consent is withdrawn: nothing of the row was written (privacy.ConsentGate). */
    SKIPPED_CONSENT,
    /** The person was erased: the row is recognised by a keyed hash of an identifier and refused, not re-created. */
    SKIPPED_ERASED;

    /** The row's content is in the core: inserted, updated, unchanged, merged or sent to review. */
    public boolean landed() {
        return this == INSERTED || this == UPDATED || this == UNCHANGED || this == MERGED || this == REVIEW;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
