package org.tenantio.importer.web;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tenantio.importer.run.RunView;

/** A run as the API shows it. */
public record RunResponse(
        UUID id,
        String pipeline,
        String status,
        String trigger,
        String fileName,
        String sha256,
        Long sizeBytes,
        String inputRef,
        Integer mappingVersion,
        boolean dryRun,
        boolean writesPerformed,
        Map<String, Object> counts,
        Map<String, Object> progress,
        Object unmapped,
        Object suggestions,
        Object parseErrors,
        Object warnings,
        Object error,
        Object rollback,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        List<RunView.Transition> transitions,
        String outputRef,
        Object deliveries,
        Object reconciliation,
        Object anomalies) {

    static RunResponse of(RunView run, List<RunView.Transition> transitions) {
        return new RunResponse(run.id(), run.pipelineCode(), run.status().key(), run.trigger(), run.fileName(),
                run.sha256(), run.sizeBytes(), run.inputRef(), run.mappingVersion(), run.dryRun(), !run.dryRun(), run.counts(),
                run.status().finished() ? null : run.progress(), run.report().get("unmapped"), run.report().get("suggestions"), run.report().get("parseErrors"), run.report().get("warnings"), run.report().get("error"),
                run.report().get("rollback"), run.createdAt(), run.startedAt(), run.completedAt(), transitions,
                run.outputRef(), run.report().get("deliveries"), run.report().get("reconciliation"),
                run.report().get("anomalies"));
    }
}
