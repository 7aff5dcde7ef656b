package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tenantio.importer.intake.RunIntake;
import org.tenantio.importer.intake.RunIntake.IntakeRequest;
import org.tenantio.importer.row.ColumnMapping;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.mapping.HeaderSuggestions;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.parse.FileFormatException;
import org.tenantio.importer.parse.InputFormat;
import org.tenantio.importer.parse.RowSource;
import org.tenantio.importer.parse.RowSources;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineDetail;
import org.tenantio.importer.pipeline.PipelineFilter;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.quality.EntityContracts;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.web.PipelineMappingController;
import org.tenantio.importer.web.PipelinesController;
import org.tenantio.importer.web.Roles;

/**
 * Upload a file, see its header against the pipeline's mapping before anything runs, correct the
 * matching and keep it as the pipeline's next mapping version, then start the run.
 */
@Controller
class UploadPages {

    static final String IGNORE = "";

    private final RunIntake intake;
    private final RowSources sources;
    private final PipelineRepository pipelines;
    private final PipelinesController mappingReader;
    private final PipelineMappingController mappingWriter;
    private final EntityContracts contracts;

    UploadPages(RunIntake intake, RowSources sources, PipelineRepository pipelines, PipelinesController mappingReader,
                PipelineMappingController mappingWriter, EntityContracts contracts) {
        this.intake = intake;
        this.sources = sources;
        this.pipelines = pipelines;
        this.mappingReader = mappingReader;
        this.mappingWriter = mappingWriter;
        this.contracts = contracts;
    }

    @GetMapping("/console/upload")
    String form(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, Model model) {
        requireStarter(caller);
        model.addAttribute("pipelines", pipelines.list(caller.tenant().id(), new PipelineFilter("active", "import", null), 1000, 0)
                .stream().map(PipelineDetail::code).toList());
        return "console/upload";
    }

    @PostMapping("/console/upload")
    String upload(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam String pipeline,
                  @RequestParam(required = false) MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun,
                  HttpServletRequest request) throws IOException {
        requireStarter(caller);
        intake.importPipeline(caller.tenant(), pipeline); // refused before the file is kept
        if (file == null || file.isEmpty()) {
            throw new ConsoleRefusal(400, "Choose a CSV or Excel file to upload");
        }
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? pipeline + ".csv"
                : file.getOriginalFilename();
        try (InputStream in = file.getInputStream()) {
            String token = PendingUploads.of(request.getSession()).hold(pipeline, name, dryRun, in);
            return "redirect:/console/upload/" + token;
        }
    }

    @GetMapping("/console/upload/{token}")
    String preview(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String token,
                   HttpServletRequest request, Model model) throws IOException {
        requireStarter(caller);
        PendingUploads.Pending pending = PendingUploads.of(request.getSession()).get(token);
        Pipeline pipeline = intake.importPipeline(caller.tenant(), pending.pipeline());
        PipelinesController.MappingResponse mapping = mappingReader.mapping(caller, pipeline.code());
        List<String> header = header(pending, pipeline);
        HeaderLayout layout = HeaderLayout.resolve(mapping.definition(), header);
        Map<String, String> suggested = new LinkedHashMap<>();
        HeaderSuggestions.suggest(layout, mapping.definition()).forEach(s -> suggested.putIfAbsent(s.column(), s.field()));
        List<ColumnRow> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            final int index = i;
            ColumnMapping mapped = layout.positions().entrySet().stream().filter(e -> e.getValue() == index)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            columns.add(new ColumnRow(header.get(i), mapped == null ? null : mapped.field(), suggested.get(header.get(i))));
        }
        model.addAttribute("token", token);
        model.addAttribute("pending", pending);
        model.addAttribute("mapping", mapping);
        model.addAttribute("columns", columns);
        model.addAttribute("missing", layout.missingRequired());
        model.addAttribute("unmapped", layout.unmapped());
        model.addAttribute("fields", fields(mapping.definition()));
        return "console/upload-preview";
    }

    @PostMapping(path = "/console/upload/{token}", params = "action=start")
    String start(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String token,
                 HttpServletRequest request) throws IOException {
        requireStarter(caller);
        PendingUploads uploads = PendingUploads.of(request.getSession());
        PendingUploads.Pending pending = uploads.get(token);
        RunView run;
        try (InputStream in = Files.newInputStream(pending.file())) {
            run = intake.queue(caller.tenant(), pending.pipeline(), new IntakeRequest(pending.fileName(), "upload",
                    caller.actor(), caller.role(), pending.dryRun(), caller.requestId()), in, Files.size(pending.file()));
        }
        uploads.release(token);
        return "redirect:/console/runs/" + run.id();
    }

    /** Saves the matching on the page as the pipeline's next mapping version, through the API's own endpoint. */
    @PostMapping(path = "/console/upload/{token}", params = "action=save-mapping")
    String saveMapping(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String token,
                       @RequestParam(name = "column", required = false) List<String> columnNames,
                       @RequestParam(name = "field", required = false) List<String> chosen,
                       HttpServletRequest request, RedirectAttributes flash) {
        PendingUploads.Pending pending = PendingUploads.of(request.getSession()).get(token);
        MappingDefinition current = mappingReader.mapping(caller, pending.pipeline()).definition();
        List<String> names = columnNames == null ? List.of() : columnNames;
        List<String> fields = chosen == null ? List.of() : chosen;
        if (names.size() != fields.size()) {
            throw new ConsoleRefusal(400, "The form lost some of its columns; reload the preview and try again");
        }
        PipelinesController.MappingResponse saved = mappingWriter.replace(caller, pending.pipeline(),
                MappingEdit.apply(current, names, fields));
        flash.addFlashAttribute("notice", "Saved as mapping version " + saved.version() + " of " + pending.pipeline());
        return "redirect:/console/upload/" + token;
    }

    private List<String> header(PendingUploads.Pending pending, Pipeline pipeline) throws IOException {
        InputFormat format;
        try {
            format = InputFormat.of(pending.file(), pending.fileName());
        } catch (FileFormatException e) {
            throw new ConsoleRefusal(400, e.getMessage()); // a file named .xlsx that is no workbook: the user's to fix
        }
        if (format == InputFormat.JSON) {
            throw new ConsoleRefusal(415, "This page takes CSV or Excel files; send JSON batches to the API");
        }
        try (RowSource source = sources.open(pending.file(), format, pipeline.sourceOptions(), List.of())) {
            return source.header();
        } catch (RuntimeException e) {
            throw new ConsoleRefusal(400, "The file's header cannot be read: " + e.getMessage());
        }
    }

    /** The mapping's own fields first, in its order, then the rest of the contract's, by name. */
    private List<String> fields(MappingDefinition mapping) {
        Set<String> fields = new LinkedHashSet<>();
        mapping.columns().forEach(c -> fields.add(c.field()));
        if (mapping.externalIdField() != null) {
            fields.add(mapping.externalIdField());
        }
        contracts.find(mapping.entity()).ifPresent(c -> c.fields().keySet().stream().sorted().forEach(fields::add));
        return List.copyOf(fields);
    }

    private static void requireStarter(Caller caller) {
        Roles.require(caller, "start runs", Roles.RUN_STARTERS);
    }

    /** One header column of the uploaded file: the field it maps to now, and the suggestion if it maps to none. */
    record ColumnRow(String name, String field, String suggestion) {
    }

}
