package org.tenantio.importer.web.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tenantio.importer.row.ColumnMapping;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.pipeline.Lifecycle;
import org.tenantio.importer.pipeline.PipelineDetail;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.web.ApiException;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.web.PipelineDefinitionsController;
import org.tenantio.importer.web.PipelineDefinitionsController.PipelineResponse;
import org.tenantio.importer.web.PipelineTransitionsController;
import org.tenantio.importer.web.PipelinesController;
import org.tenantio.importer.web.RunsController;

/** Pipelines: their definitions, mapping versions, rule modes and lifecycle, through the API's controllers. */
@Controller
class PipelinePages {

    private final PipelineDefinitionsController definitions;
    private final PipelinesController pipelines;
    private final PipelineTransitionsController transitions;
    private final RunsController runs;
    private final MappingRepository mappings;

    PipelinePages(PipelineDefinitionsController definitions, PipelinesController pipelines,
                  PipelineTransitionsController transitions, RunsController runs, MappingRepository mappings) {
        this.definitions = definitions;
        this.pipelines = pipelines;
        this.transitions = transitions;
        this.runs = runs;
        this.mappings = mappings;
    }

    @GetMapping("/console/pipelines")
    String list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(defaultValue = "0") int page,
                jakarta.servlet.http.HttpServletRequest request, Model model) {
        Page<PipelineDetail> result = definitions.list(caller, null, null, null, Paging.SIZE, Paging.offset(page));
        model.addAttribute("pipelines", result.items().stream().map(p -> definitions.get(caller, p.code())).toList());
        model.addAttribute("paging", Paging.of(result, request));
        return "console/pipelines";
    }

    @GetMapping("/console/pipelines/{code}")
    String pipeline(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
                    @RequestParam(required = false) Integer a, @RequestParam(required = false) Integer b, Model model) {
        PipelineResponse detail = definitions.get(caller, code);
        model.addAttribute("p", detail.pipeline());
        model.addAttribute("metrics", detail.metrics());
        if ("import".equals(detail.pipeline().direction())) {
            mapping(caller, detail.pipeline(), a, b, model);
            model.addAttribute("rules", pipelines.rules(caller, code).items());
        } else {
            model.addAttribute("rules", List.of());
        }
        model.addAttribute("modes", org.tenantio.importer.row.EntityContract.MODES);
        model.addAttribute("transitions", transitions.transitions(caller, code).items());
        model.addAttribute("next", Lifecycle.allowedFrom(detail.pipeline().status()).stream()
                .filter(s -> Lifecycle.rolesFor(s).contains(caller.role())).toList());
        model.addAttribute("runs", runs.list(caller, code, null, null, null, null, 10, 0).items());
        return "console/pipeline";
    }

    @PostMapping("/console/pipelines/{code}/rules/{rule}")
    String setMode(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code, @PathVariable String rule,
                   @RequestParam String mode, RedirectAttributes flash) {
        pipelines.setMode(caller, code, rule, new PipelinesController.ModeRequest(mode));
        flash.addFlashAttribute("notice", rule + " is now " + mode + " for " + code);
        return "redirect:/console/pipelines/" + code + "#rules-h";
    }

    @PostMapping("/console/pipelines/{code}/transition")
    String transition(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
                      @RequestParam String status, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        PipelineTransitionsController.StatusResponse moved = transitions.transition(caller, code,
                new PipelineTransitionsController.TransitionRequest(status, RunPages.blank(reason)));
        flash.addFlashAttribute("notice", code + " is now " + moved.status());
        return "redirect:/console/pipelines/" + code;
    }

    private void mapping(Caller caller, PipelineDetail p, Integer a, Integer b, Model model) {
        PipelinesController.MappingResponse current;
        try {
            current = pipelines.mapping(caller, p.code());
        } catch (ApiException e) {
            model.addAttribute("mappingError", e.getMessage());
            return;
        }
        int newest = current.version();
        int right = b == null ? newest : Math.max(1, Math.min(b, newest));
        int left = a == null ? Math.max(1, right - 1) : Math.max(1, Math.min(a, newest));
        MappingDefinition l = mappings.version(caller.tenant().id(), p.id(), left).definition();
        MappingDefinition r = mappings.version(caller.tenant().id(), p.id(), right).definition();
        model.addAttribute("mapping", current);
        model.addAttribute("versions", java.util.stream.IntStream.iterate(newest, v -> v >= 1, v -> v - 1).boxed().toList());
        model.addAttribute("a", left);
        model.addAttribute("b", right);
        model.addAttribute("diff", DiffRow.of(l, r));
    }

    /** One source column across two mapping versions. */
    record DiffRow(String column, String left, String right, String change) {

        static List<DiffRow> of(MappingDefinition a, MappingDefinition b) {
            Map<String, String[]> rows = new LinkedHashMap<>();
            a.columns().forEach(c -> rows.computeIfAbsent(c.source(), k -> new String[2])[0] = describe(c));
            b.columns().forEach(c -> rows.computeIfAbsent(c.source(), k -> new String[2])[1] = describe(c));
            List<DiffRow> out = new ArrayList<>();
            rows.forEach((column, sides) -> out.add(new DiffRow(column, sides[0], sides[1],
                    sides[0] == null ? "added" : sides[1] == null ? "removed"
                            : Objects.equals(sides[0], sides[1]) ? "same" : "changed")));
            return out;
        }

        private static String describe(ColumnMapping c) {
            return c.field() + (c.required() ? " (required)" : "")
                    + (c.transforms().isEmpty() ? "" : " · " + String.join(", ", c.transforms()));
        }
    }
}
