package org.tenantio.importer.run;

import java.util.UUID;

/** What intake knows about a run it is about to queue. */
public record NewRun(UUID tenantId, UUID pipelineId, String trigger, String actor, String fileName,
                     String inputRef, String sha256, long sizeBytes, boolean dryRun) {
}
