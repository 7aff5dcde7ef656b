package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.importing.QuarantineActions;
import org.tenantio.importer.importing.QuarantineRequeue;
import org.tenantio.importer.importing.QuarantineRequeue.Correction;
import org.tenantio.importer.quality.ViolationFilter;
import org.tenantio.importer.quality.ViolationQueries;
import org.tenantio.importer.quality.ViolationQueries.ViolationView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** The quarantine inbox: what failed and why, and the steward's ways to fix, close or export it. */
@RestController
@RequestMapping("/api/v1/violations")
public class ViolationsController {

    private final ViolationQueries queries;
    private final QuarantineRequeue requeue;
    private final QuarantineActions actions;

    public ViolationsController(ViolationQueries queries, QuarantineRequeue requeue, QuarantineActions actions) {
        this.queries = queries;
        this.requeue = requeue;
        this.actions = actions;
    }

    @GetMapping
    public Page<ViolationView> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String ruleCode, @RequestParam(required = false) String severity,
            @RequestParam(required = false) String runId, @RequestParam(required = false) String status,
            @RequestParam(required = false) String entity, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") long offset) {
        requireRowReader(caller);
        Page.checkBounds(limit, offset);
        return queries.list(caller.tenant().id(), filter(ruleCode, severity, runId, status, entity), limit, offset);
    }

    /** One violation with its row as read and as normalised, and every violation on that row. */
    @GetMapping("/{id}")
    public Map<String, Object> detail(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id) {
        requireRowReader(caller);
        ViolationView v = queries.find(caller.tenant().id(), id).orElseThrow(() -> ApiException.notFound("Violation"));
        var row = queries.stagedRow(caller.tenant().id(), v.runId(), v.rowNumber()).orElseThrow();
        List<ViolationView> onRow = queries.onRow(caller.tenant().id(), v.runId(), v.rowNumber());
        return Map.of("violation", v, "row", row, "violations", onRow,
                "hints", onRow.stream().filter(x -> x.hint() != null).map(x -> x.ruleCode() + ": " + x.hint()).distinct().toList());
    }

    /** Corrections by canonical field ({"fields": {...}}) and/or source column ({"columns": {...}}). */
    @PostMapping("/{id}/fix")
    public QuarantineRequeue.Result fix(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
            @RequestBody FixRequest body) {
        requireSteward(caller);
        ViolationView v = queries.find(caller.tenant().id(), id).orElseThrow(() -> ApiException.notFound("Violation"));
        return requeue.requeue(caller, v.runId(), v.rowNumber(), new Correction(
                body.columns() == null ? Map.of() : body.columns(), body.fields() == null ? Map.of() : body.fields()));
    }

    @PostMapping("/{id}/suppress")
    public ViolationView suppress(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
            @RequestBody(required = false) ReasonRequest body) {
        return close(caller, id, "suppressed", body);
    }

    @PostMapping("/{id}/wont-fix")
    public ViolationView wontFix(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
            @RequestBody(required = false) ReasonRequest body) {
        return close(caller, id, "wont_fix", body);
    }

    private ViolationView close(Caller caller, long id, String status, ReasonRequest body) {
        requireSteward(caller);
        actions.close(caller, id, status, body == null ? null : body.reason());
        return queries.find(caller.tenant().id(), id).orElseThrow();
    }

    @PostMapping("/bulk")
    public QuarantineActions.BulkResult bulk(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestBody BulkRequest body) {
        requireSteward(caller);
        BulkRequest.Filter f = body.filter() == null ? new BulkRequest.Filter(null, null, null, null) : body.filter();
        if (body.action() == null) {
            throw new ApiException(400, "action_required", "Name the action",
                    List.of(Map.of("field", "action", "message", "lower, upper, trim, revalidate, suppress or wont_fix")));
        }
        return actions.bulk(caller, filter(f.ruleCode(), f.severity(), f.runId(), null, f.entity()), body.action(),
                body.field(), body.reason());
    }

    /** The open quarantine a filter selects, as CSV a spreadsheet can open safely. */
    @GetMapping(path = "/export", produces = "text/csv")
    public void export(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String ruleCode, @RequestParam(required = false) String runId,
            @RequestParam(required = false) String entity, HttpServletResponse response) throws IOException {
        requireRowReader(caller);
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"quarantine.csv\"");
        actions.export(caller.tenant().id(), filter(ruleCode, null, runId, "open", entity),
                new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }

    /** A corrected export: each line's row is requeued with its columns as corrections. */
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain"})
    public QuarantineActions.ImportResult importCorrections(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            HttpServletRequest request) throws IOException {
        requireSteward(caller);
        return actions.importCorrections(caller, new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
    }

    private static ViolationFilter filter(String ruleCode, String severity, String runId, String status, String entity) {
        return new ViolationFilter(ruleCode, severity, runId == null ? null : Ids.parse(runId, "Run"), status, entity);
    }

    static void requireRowReader(Caller caller) {
        Roles.require(caller, "read quarantined rows", Roles.ROW_READERS);
    }

    private static void requireSteward(Caller caller) {
        Roles.require(caller, "change the quarantine", Roles.STEWARDS);
    }

    public record FixRequest(Map<String, String> fields, Map<String, String> columns) {
    }

    public record ReasonRequest(String reason) {
    }

    public record BulkRequest(Filter filter, String action, String field, String reason) {
        public record Filter(String ruleCode, String severity, String runId, String entity) {
        }
    }
}
