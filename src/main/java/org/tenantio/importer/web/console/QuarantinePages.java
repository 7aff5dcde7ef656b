package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tenantio.importer.quality.EntityContracts;
import org.tenantio.importer.importing.QuarantineActions;
import org.tenantio.importer.importing.QuarantineRequeue;
import org.tenantio.importer.quality.ViolationQueries.StagedRow;
import org.tenantio.importer.quality.ViolationQueries.ViolationView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.system.Refusal;
import org.tenantio.importer.web.ViolationsController;

/** The quarantine inbox and a quarantined row's page, acting through the API's ViolationsController. */
@Controller
class QuarantinePages {

    static final List<String> STATUSES = List.of("open", "fixed", "suppressed", "wont_fix", "all");
    static final List<String> BULK_ACTIONS = List.of("revalidate", "trim", "lower", "upper", "suppress", "wont_fix");

    private final ViolationsController violations;
    private final EntityContracts contracts;
    private final org.tenantio.importer.run.RunRepository runs;
    private final org.tenantio.importer.mapping.MappingRepository mappings;

    QuarantinePages(ViolationsController violations, EntityContracts contracts, org.tenantio.importer.run.RunRepository runs,
                    org.tenantio.importer.mapping.MappingRepository mappings) {
        this.violations = violations;
        this.contracts = contracts;
        this.runs = runs;
        this.mappings = mappings;
    }

    @GetMapping("/console/quarantine")
    String list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, Filter filter,
                @RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
        Filter f = filter.orOpen();
        Page<ViolationView> result = violations.list(caller, f.ruleCode(), f.severity(), f.runId(),
                "all".equals(f.status()) ? null : f.status(), f.entity(),
                Paging.SIZE, Paging.offset(page));
        model.addAttribute("violations", result.items());
        model.addAttribute("paging", Paging.of(result, request));
        model.addAttribute("filter", f);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("bulkActions", BULK_ACTIONS);
        return "console/quarantine";
    }

    @GetMapping("/console/quarantine/{id}")
    String row(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id, Model model) {
        return row(caller, id, Map.of(), model);
    }

    /** The row's page, its inputs holding the row's values with {@code typed} over them (what a refused fix sent). */
    private String row(Caller caller, long id, Map<String, String> typed, Model model) {
        Map<String, Object> detail = violations.detail(caller, id);
        ViolationView v = (ViolationView) detail.get("violation");
        StagedRow row = (StagedRow) detail.get("row");
        model.addAttribute("violation", v);
        model.addAttribute("row", row);
        model.addAttribute("onRow", detail.get("violations"));
        Map<String, String> values = new LinkedHashMap<>(values(caller, row));
        values.putAll(typed);
        model.addAttribute("fields", fields(v.entity(), values));
        model.addAttribute("values", values);
        return "console/violation";
    }

    /**
     * Fix and requeue: the fields the form changed against the normalised row are the corrections.
     * Where the API refuses because a newer run changed the record since, the row's page says which
     * fields and runs, keeps what was typed, and offers to fix anyway with a reason ({@code action=force}).
     */
    @PostMapping("/console/quarantine/{id}/fix")
    String fix(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
               @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        org.tenantio.importer.web.Roles.require(caller, "change the quarantine", org.tenantio.importer.web.Roles.STEWARDS);
        Map<String, Object> detail = violations.detail(caller, id);
        ViolationView v = (ViolationView) detail.get("violation");
        StagedRow row = (StagedRow) detail.get("row");
        Map<String, String> values = values(caller, row);
        Map<String, String> corrections = new LinkedHashMap<>();
        for (String field : fields(v.entity(), values)) {
            String sent = form.get(field);
            if (sent != null && !Objects.equals(blankToNull(sent), blankToNull(values.get(field)))) {
                corrections.put(field, sent.strip());
            }
        }
        boolean force = "force".equals(form.get("action"));
        QuarantineRequeue.Result result;
        try {
            result = violations.fix(caller, id, new ViolationsController.FixRequest(corrections, null, force ? true : null,
                    force ? RunPages.blank(form.get("reason")) : null));
        } catch (Refusal refused) {
            if (force || !ConsoleConflict.forceable(refused)) {
                throw refused;
            }
            // 200, as the sign-in form: the page is the form again, with the refusal in it.
            model.addAttribute("conflict", ConsoleConflict.of(refused));
            return row(caller, id, corrections, model);
        }
        flash.addFlashAttribute("notice", result.fixed()
                ? "Fixed: the row was loaded (" + result.outcome() + ")" + (force ? " over the newer values (reason audited)" : "")
                : "Requeued, but the row still breaks a rule: see the violations below");
        return "redirect:/console/quarantine/" + id;
    }

    @PostMapping("/console/quarantine/{id}/close")
    String close(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
                 @RequestParam String action, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        ViolationsController.ReasonRequest body = new ViolationsController.ReasonRequest(RunPages.blank(reason));
        switch (action) {
            case "suppress" -> violations.suppress(caller, id, body);
            case "wont-fix" -> violations.wontFix(caller, id, body);
            default -> throw new ConsoleRefusal(400, "Unknown action '" + action + "'");
        }
        flash.addFlashAttribute("notice", action.equals("suppress") ? "Suppressed" : "Closed as won't fix");
        return "redirect:/console/quarantine/" + id;
    }

    @PostMapping("/console/quarantine/bulk")
    String bulk(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, Filter filter, @RequestParam String action,
                @RequestParam(required = false) String field, @RequestParam(required = false) String reason,
                RedirectAttributes flash) {
        QuarantineActions.BulkResult result = violations.bulk(caller, new ViolationsController.BulkRequest(
                new ViolationsController.BulkRequest.Filter(filter.ruleCode(), filter.severity(), filter.runId(), filter.entity()),
                action, RunPages.blank(field), RunPages.blank(reason)));
        flash.addFlashAttribute("notice", "Bulk " + action + ": " + result.rows() + " rows, " + result.fixed() + " fixed, "
                + result.stillFailing() + " still failing, " + result.closed() + " closed");
        return "redirect:/console/quarantine?" + filter.query();
    }

    @GetMapping("/console/quarantine/export")
    void export(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, Filter filter, HttpServletResponse response)
            throws IOException {
        violations.export(caller, filter.ruleCode(), filter.runId(), filter.entity(), response);
        response.flushBuffer();
    }

    /**
     * The row's value for each canonical field: normalised when the row was loaded; for a quarantined
     * row (staged without a normalised form) the raw cell of the column the run's mapping version
     * read the field from, which is what the steward corrects.
     */
    private Map<String, String> values(Caller caller, StagedRow row) {
        if (row.normalized() != null) {
            return row.normalized();
        }
        Map<String, String> values = new LinkedHashMap<>();
        org.tenantio.importer.run.RunView run = runs.find(caller.tenant().id(), row.runId()).orElse(null);
        if (run == null || run.mappingVersion() == null || row.raw() == null) {
            return values;
        }
        var mapping = mappings.version(caller.tenant().id(), run.pipelineId(), run.mappingVersion()).definition();
        row.raw().forEach((column, value) -> mapping.columns().stream().filter(c -> c.matchesHeader(column)).findFirst()
                .ifPresent(c -> values.putIfAbsent(c.field(), value)));
        return values;
    }

    /** The entity's canonical fields: those of the row first, in its order, then the contract's others. */
    private List<String> fields(String entity, Map<String, String> values) {
        Set<String> fields = new LinkedHashSet<>(values.keySet());
        contracts.find(entity).ifPresent(c -> c.fields().keySet().stream().sorted().forEach(fields::add));
        fields.removeIf(f -> f.endsWith("_match")); // derived match keys, not something a steward types
        return new ArrayList<>(fields);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The inbox's filters; blank means any. */
    record Filter(String ruleCode, String severity, String entity, String runId, String status) {
        Filter {
            ruleCode = RunPages.blank(ruleCode);
            severity = RunPages.blank(severity);
            entity = RunPages.blank(entity);
            runId = RunPages.blank(runId);
            status = RunPages.blank(status);
        }

        Filter orOpen() {
            return status == null ? new Filter(ruleCode, severity, entity, runId, "open") : this;
        }

        String query() {
            String query = org.springframework.web.util.UriComponentsBuilder.newInstance()
                    .queryParamIfPresent("ruleCode", java.util.Optional.ofNullable(ruleCode))
                    .queryParamIfPresent("severity", java.util.Optional.ofNullable(severity))
                    .queryParamIfPresent("entity", java.util.Optional.ofNullable(entity))
                    .queryParamIfPresent("runId", java.util.Optional.ofNullable(runId))
                    .build().encode().getQuery();
            return query == null ? "" : query;
        }
    }
}
