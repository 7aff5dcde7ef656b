package org.tenantio.importer.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.export.ExportRuns;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Export runs on demand, and redelivery of an export's failed destinations. */
@RestController
@RequestMapping("/api/v1")
public class ExportsController {

    private final PipelineRepository pipelines;
    private final ExportRuns exports;
    private final RunRepository runs;

    public ExportsController(PipelineRepository pipelines, ExportRuns exports, RunRepository runs) {
        this.pipelines = pipelines;
        this.exports = exports;
        this.runs = runs;
    }

    /**
     * POST .../runs without a file body: an export pipeline starts an export run now. (Uploads to
     * import pipelines carry a file type and go to RunsController.)
     */
    @PostMapping("/pipelines/{code}/runs")
    public ResponseEntity<RunResponse> start(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code) {
        Pipeline pipeline = pipelines.findByCode(caller.tenant().id(), code)
                .orElseThrow(() -> new ApiException(404, "pipeline_not_found", "No pipeline '" + code + "'"));
        if (pipeline.isImport()) {
            throw new ApiException(415, "unsupported_media_type",
                    "Pipeline '" + code + "' imports: send a CSV or xlsx file (or JSON to /batches)");
        }
        Roles.require(caller, "start exports", Roles.EXPORTERS);
        RunView run = exports.start(caller.tenant(), pipeline, starter(caller, "api"));
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(RunResponse.of(run, List.of()));
    }

    /** Sends the run's failed deliveries again, with the file the run wrote. */
    @PostMapping("/runs/{id}/redeliver")
    public ResponseEntity<RunResponse> redeliver(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        Roles.require(caller, "redeliver exports", Roles.EXPORTERS);
        UUID runId = Ids.parse(id, "Run");
        RunView run = runs.find(caller.tenant().id(), runId).orElseThrow(() -> ApiException.notFound("Run"));
        int queued = exports.redeliver(caller.tenant(), run, starter(caller, "api"));
        if (queued == 0) {
            throw new ApiException(409, "nothing_to_redeliver", "The run has no failed delivery");
        }
        return ResponseEntity.accepted().body(RunResponse.of(runs.find(caller.tenant().id(), runId).orElseThrow(),
                runs.transitions(caller.tenant().id(), runId)));
    }

    private static ExportRuns.Starter starter(Caller caller, String trigger) {
        return new ExportRuns.Starter(caller.actor(), caller.role(), trigger, caller.requestId());
    }
}
