package org.tenantio.importer.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The run lifecycle: queued → validating → running → completed | failed → rolled_back. */
public enum RunStatus {
    QUEUED, VALIDATING, RUNNING, COMPLETED, FAILED, ROLLED_BACK;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** The statuses a run may move to this one from. */
    public Set<RunStatus> allowedFrom() {
        return switch (this) {
            case QUEUED -> EnumSet.noneOf(RunStatus.class);
            case VALIDATING -> EnumSet.of(QUEUED);
            case RUNNING -> EnumSet.of(VALIDATING);
            case COMPLETED -> EnumSet.of(RUNNING);
            case FAILED -> EnumSet.of(QUEUED, VALIDATING, RUNNING);
            case ROLLED_BACK -> EnumSet.of(FAILED, COMPLETED);
        };
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == ROLLED_BACK;
    }
}
