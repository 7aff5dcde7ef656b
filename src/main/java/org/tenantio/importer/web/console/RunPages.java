package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tenantio.importer.pipeline.PipelineDetail;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.web.PipelineDefinitionsController;
import org.tenantio.importer.web.RunJournalController;
import org.tenantio.importer.web.RunResponse;
import org.tenantio.importer.web.RunsController;

/** The runs dashboard and a run's page, read and acted on through the API's own controllers. */
@Controller
class RunPages {

    static final List<String> STATUSES = java.util.Arrays.stream(RunStatus.values()).map(RunStatus::key).toList();
    static final List<String> TRIGGERS = List.of("upload", "file_drop", "api_batch");

    private final RunsController runs;
    private final RunJournalController journal;
    private final PipelineDefinitionsController pipelines;

    RunPages(RunsController runs, RunJournalController journal, PipelineDefinitionsController pipelines) {
        this.runs = runs;
        this.journal = journal;
        this.pipelines = pipelines;
    }

    @GetMapping("/console/runs")
    String list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(required = false) String pipeline,
                @RequestParam(required = false) String status, @RequestParam(required = false) String trigger,
                @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                @RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
        Page<RunResponse> result = runs.list(caller, blank(pipeline), blank(status), blank(trigger),
                from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC).toString(),
                to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString(),
                Paging.SIZE, Paging.offset(page));
        model.addAttribute("runs", result.items());
        model.addAttribute("paging", Paging.of(result, request));
        model.addAttribute("pipelines", pipelineCodes(caller));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("triggers", TRIGGERS);
        model.addAttribute("filter", new RunFilterForm(pipeline, status, trigger, from, to));
        return "console/runs";
    }

    @GetMapping("/console/runs/{id}")
    String run(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id, Model model) {
        model.addAttribute("run", runs.run(caller, id));
        model.addAttribute("steps", journal.steps(caller, id).items());
        return "console/run";
    }

    /** The live part of a run's page, polled by htmx every second while the run is unfinished. */
    @GetMapping("/console/runs/{id}/live")
    String live(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id, Model model) {
        model.addAttribute("run", runs.run(caller, id));
        model.addAttribute("steps", journal.steps(caller, id).items());
        return "console/run :: live";
    }

    @GetMapping("/console/runs/{id}/log")
    @ResponseBody
    ResponseEntity<String> log(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        ResponseEntity<String> log = journal.log(caller, id);
        return ResponseEntity.status(log.getStatusCode()).header("Content-Type", "text/plain; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"run-" + id + ".log\"").body(log.getBody());
    }

    @PostMapping("/console/runs/{id}/rollback")
    String rollback(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id,
                    RedirectAttributes flash) {
        runs.rollback(caller, id);
        flash.addFlashAttribute("notice", "The run was rolled back");
        return "redirect:/console/runs/" + id;
    }

    List<String> pipelineCodes(Caller caller) {
        return pipelines.list(caller, null, null, null, Page.MAX_LIMIT, 0).items().stream().map(PipelineDetail::code).toList();
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    record RunFilterForm(String pipeline, String status, String trigger, LocalDate from, LocalDate to) {
    }
}
