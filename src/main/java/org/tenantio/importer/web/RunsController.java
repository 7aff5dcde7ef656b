package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.tenantio.importer.intake.FileTooLargeException;
import org.tenantio.importer.intake.RunIntake;
import org.tenantio.importer.system.ImporterProperties;
import org.tenantio.importer.intake.RunIntake.IntakeRequest;
import org.tenantio.importer.quality.ViolationQueries;
import org.tenantio.importer.importing.CompletedRunRollback;
import org.tenantio.importer.importing.RunControls;
import org.tenantio.importer.run.RunFilter;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Starting import runs by upload and reading runs back. */
@RestController
@RequestMapping("/api/v1")
public class RunsController {


    private final RunIntake intake;
    private final RunRepository runs;
    private final ViolationQueries violations;
    private final ImporterProperties properties;
    private final CompletedRunRollback rollbacks;
    private final RunControls controls;

    public RunsController(RunIntake intake, RunRepository runs, ViolationQueries violations, ImporterProperties properties,
                          CompletedRunRollback rollbacks, RunControls controls) {
        this.controls = controls;
        this.rollbacks = rollbacks;
        this.properties = properties;
        this.intake = intake;
        this.runs = runs;
        this.violations = violations;
    }

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** A raw CSV or xlsx body; the file name comes from Content-Disposition, or the pipeline's code. */
    @PostMapping(path = "/pipelines/{code}/runs", consumes = {"text/csv", "application/csv", "text/plain", XLSX})
    public ResponseEntity<RunResponse> uploadBody(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @PathVariable String code, @RequestParam(required = false) Boolean dryRun,
            @RequestHeader(name = "Content-Disposition", required = false) String disposition,
            HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > properties.maxUploadBytes()) {
            throw new FileTooLargeException(properties.maxUploadBytes()); // refused before reading the body
        }
        String fileName = UploadNames.fromDisposition(disposition)
                .orElse(code + (request.getContentType().startsWith(XLSX) ? ".xlsx" : ".csv"));
        return start(caller, code, upload(caller, fileName, dryRun), request.getInputStream(), request.getContentLengthLong());
    }

    /** A JSON array of objects, or one object per line (NDJSON): the same mapping, rules and load as a file. */
    @PostMapping(path = "/pipelines/{code}/batches",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/x-ndjson", "application/ndjson"})
    public ResponseEntity<RunResponse> batch(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @PathVariable String code, @RequestParam(required = false) Boolean dryRun,
            HttpServletRequest request) throws IOException {
        long limit = properties.limits().maxBatchBytes();
        if (request.getContentLengthLong() > limit) {
            throw new ApiException(413, "batch_too_large", "The batch is larger than the limit of " + limit + " bytes");
        }
        String name = request.getContentType().startsWith(MediaType.APPLICATION_JSON_VALUE) ? "batch.json" : "batch.ndjson";
        try {
            return start(caller, code, new IntakeRequest(name, RunIntake.API_BATCH, caller.actor(), caller.role(), dryRun,
                    caller.requestId()), request.getInputStream(), request.getContentLengthLong());
        } catch (FileTooLargeException e) {
            throw new ApiException(413, "batch_too_large", "The batch is larger than the limit of " + limit + " bytes");
        }
    }

    @PostMapping(path = "/pipelines/{code}/runs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<RunResponse> uploadMultipart(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @PathVariable String code, @RequestParam(required = false) Boolean dryRun,
            @RequestPart("file") MultipartFile file) throws IOException {
        String fileName = file.getOriginalFilename() == null ? code + ".csv" : file.getOriginalFilename();
        try (InputStream in = file.getInputStream()) {
            return start(caller, code, upload(caller, fileName, dryRun), in, file.getSize());
        }
    }

    private static IntakeRequest upload(Caller caller, String fileName, Boolean dryRun) {
        return new IntakeRequest(fileName, "upload", caller.actor(), caller.role(), dryRun, caller.requestId());
    }

    private ResponseEntity<RunResponse> start(Caller caller, String code, IntakeRequest request, InputStream in,
                                              long declaredBytes) {
        Roles.require(caller, "start runs", Roles.RUN_STARTERS);
        intake.importPipeline(caller.tenant(), code); // refuse before reading the body
        RunView run = intake.queue(caller.tenant(), code, request, in, declaredBytes);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(RunResponse.of(run, List.of()));
    }

    /** The tenant's runs, newest first; from and to are ISO-8601 times bounding when a run was created. */
    @GetMapping("/runs")
    public Page<RunResponse> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String pipeline, @RequestParam(required = false) String status,
            @RequestParam(required = false) String trigger, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        RunFilter filter = new RunFilter(pipeline, status, trigger, Times.parse("from", from), Times.parse("to", to));
        List<RunResponse> items = runs.list(caller.tenant().id(), filter, limit, offset).stream()
                .map(r -> RunResponse.of(r, null)).toList();
        return new Page<>(items, runs.count(caller.tenant().id(), filter), limit, offset);
    }

    @GetMapping("/runs/{id}/transitions")
    public Page<RunView.Transition> transitions(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        UUID runId = Ids.parse(id, "Run");
        runs.find(caller.tenant().id(), runId).orElseThrow(() -> ApiException.notFound("Run"));
        return Page.of(runs.transitions(caller.tenant().id(), runId));
    }

    @GetMapping("/runs/{id}")
    public RunResponse run(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        UUID runId = Ids.parse(id, "Run");
        RunView run = runs.find(caller.tenant().id(), runId).orElseThrow(() -> ApiException.notFound("Run"));
        return RunResponse.of(run, runs.transitions(caller.tenant().id(), runId));
    }

    /** Undo a completed run; records changed by a later run since are reported, not touched. */
    @PostMapping("/runs/{id}/rollback")
    public RunResponse rollback(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        Roles.require(caller, "roll back runs", Roles.STEWARDS);
        UUID runId = Ids.parse(id, "Run");
        RunView run = runs.find(caller.tenant().id(), runId).orElseThrow(() -> ApiException.notFound("Run"));
        if (!rollbacks.rollBack(caller, runId)) {
            throw new ApiException(409, "run_not_completed", "Only a completed run can be rolled back; this one is "
                    + run.status().key());
        }
        return run(caller, id);
    }

    /**
     * Stop a queued or running import: a queued run ends cancelled now (200); a running one stops
     * at its next chunk, is rolled back and ends cancelled (202, poll the run).
     */
    @PostMapping("/runs/{id}/cancel")
    public ResponseEntity<RunResponse> cancel(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        Roles.require(caller, "cancel runs", Roles.RUN_STARTERS);
        RunView run = controls.cancel(caller, Ids.parse(id, "Run"));
        return ResponseEntity.status(run.status().finished() ? 200 : 202)
                .body(RunResponse.of(run, runs.transitions(caller.tenant().id(), run.id())));
    }

    /** A new run from a finished run's archived input; {@code ?dryRun=} overrides the original's. */
    @PostMapping("/runs/{id}/rerun")
    public ResponseEntity<RunResponse> rerun(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id,
            @RequestParam(required = false) Boolean dryRun) {
        Roles.require(caller, "start runs", Roles.RUN_STARTERS);
        RunView run = controls.rerun(caller, Ids.parse(id, "Run"), dryRun);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.id())).body(RunResponse.of(run, List.of()));
    }

    @GetMapping("/runs/{id}/violations")
    public Page<ViolationQueries.ViolationView> runViolations(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @PathVariable String id, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") long offset) {
        ViolationsController.requireRowReader(caller);
        UUID runId = Ids.parse(id, "Run");
        runs.find(caller.tenant().id(), runId).orElseThrow(() -> ApiException.notFound("Run"));
        Page.checkBounds(limit, offset);
        return violations.forRun(caller.tenant().id(), runId, limit, offset);
    }
}
