package org.tenantio.importer.run;

import java.util.Locale;

/** The one outcome every input row ends in; the run's counts are these, summed. */
public enum Outcome {
    INSERTED, UPDATED, UNCHANGED, QUARANTINED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
