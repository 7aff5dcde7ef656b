package org.tenantio.importer.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The run lifecycle: queued → validating → running → completed | failed → rolled_back; a run
 * not finished may be cancelled, and one interrupted by a crash may go back to queued to resume.
 */
public enum RunStatus {
    QUEUED, VALIDATING, RUNNING, COMPLETED, FAILED, ROLLED_BACK, CANCELLED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /** The statuses a run may move to this one from. */
    public Set<RunStatus> allowedFrom() {
        return switch (this) {
            case QUEUED -> EnumSet.of(VALIDATING, RUNNING); // resumed after its owner crashed
            case VALIDATING -> EnumSet.of(QUEUED);
            case RUNNING -> EnumSet.of(VALIDATING);
            case COMPLETED -> EnumSet.of(RUNNING);
            case FAILED -> EnumSet.of(QUEUED, VALIDATING, RUNNING);
            case ROLLED_BACK -> EnumSet.of(FAILED, COMPLETED);
            case CANCELLED -> EnumSet.of(QUEUED, VALIDATING, RUNNING);
        };
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == ROLLED_BACK || this == CANCELLED;
    }
}
