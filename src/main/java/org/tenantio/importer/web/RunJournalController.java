package org.tenantio.importer.web;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.run.RunJournal;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** A run's steps and its log, for the people following or debugging it. */
@RestController
@RequestMapping("/api/v1/runs/{id}")
public class RunJournalController {

    private final RunRepository runs;
    private final RunJournal journal;

    public RunJournalController(RunRepository runs, RunJournal journal) {
        this.runs = runs;
        this.journal = journal;
    }

    @GetMapping("/steps")
    public org.tenantio.importer.system.Page<RunJournal.Step> steps(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
                                                                    @PathVariable String id) {
        return org.tenantio.importer.system.Page.of(journal.steps(caller.tenant().id(), run(caller, id)));
    }

    /** The log as text, one line per event, to download or read in a terminal. */
    @GetMapping("/log")
    public ResponseEntity<String> log(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        UUID runId = run(caller, id);
        String text = journal.lines(caller.tenant().id(), runId).stream()
                .map(l -> l.at() + " " + l.level().toUpperCase(java.util.Locale.ROOT) + " " + l.message())
                .collect(Collectors.joining("\n", "", "\n"));
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + runId + ".log\"")
                .body(text);
    }

    private UUID run(Caller caller, String id) {
        UUID runId = Ids.parse(id, "Run");
        runs.find(caller.tenant().id(), runId).orElseThrow(() -> ApiException.notFound("Run"));
        return runId;
    }
}
