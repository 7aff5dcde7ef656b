package org.tenantio.importer.run;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A run as stored. */
public record RunView(
        UUID id,
        UUID tenantId,
        UUID pipelineId,
        String pipelineCode,
        RunStatus status,
        String trigger,
        String actor,
        String fileName,
        String inputRef,
        String sha256,
        Long sizeBytes,
        Integer mappingVersion,
        boolean dryRun,
        Map<String, Object> counts,
        Map<String, Object> progress,
        Map<String, Object> report,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        String outputRef) {

    public record Transition(String from, String to, String note, OffsetDateTime at) {
    }
}
