package org.tenantio.importer.intake;

import java.util.UUID;

/**
 * What the file-drop intake decided about one file: a queued run, or a rejection with the
 * reason and the place under the rejected area where the file was put.
 */
public record IntakeDecision(boolean accepted, UUID runId, String reason, String rejectedPath) {

    static IntakeDecision queued(UUID runId) {
        return new IntakeDecision(true, runId, null, null);
    }

    static IntakeDecision refused(String reason, String rejectedPath) {
        return new IntakeDecision(false, null, reason, rejectedPath);
    }

    /** Name of the reason file written beside the rejected file. */
    public String reasonFileName() {
        return rejectedPath + ".reason.txt";
    }

    public String reasonText() {
        return reason + System.lineSeparator();
    }
}
