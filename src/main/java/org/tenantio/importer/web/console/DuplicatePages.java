package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
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
import org.tenantio.importer.identity.DuplicateReview.MergeRequest;
import org.tenantio.importer.identity.DuplicateReview.SuggestionView;
import org.tenantio.importer.identity.MergeUndo.MergeView;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.web.DuplicatesController;
import org.tenantio.importer.web.MergesController;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.system.Refusal;
import org.tenantio.importer.web.Roles;

/** Duplicate review and merges, through the API's DuplicatesController and MergesController. */
@Controller
class DuplicatePages {

    private final DuplicatesController duplicates;
    private final MergesController merges;
    private final ConsoleMasking masking;

    DuplicatePages(DuplicatesController duplicates, MergesController merges, ConsoleMasking masking) {
        this.duplicates = duplicates;
        this.merges = merges;
        this.masking = masking;
    }

    @GetMapping("/console/duplicates")
    String list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(defaultValue = "pending") String status,
                @RequestParam(required = false) String entityType, @RequestParam(defaultValue = "0") int page,
                HttpServletRequest request, Model model) {
        Page<SuggestionView> result = duplicates.list(caller, status, RunPages.blank(entityType), Paging.SIZE, Paging.offset(page));
        model.addAttribute("pairs", result.items().stream().map(s -> masked(caller, s)).toList());
        model.addAttribute("paging", Paging.of(result, request));
        model.addAttribute("status", status);
        model.addAttribute("statuses", org.tenantio.importer.identity.DuplicateReview.STATUSES);
        return "console/duplicates";
    }

    @GetMapping("/console/duplicates/{id}")
    String pair(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id, Model model) {
        SuggestionView raw = duplicates.get(caller, id);
        SuggestionView pair = masked(caller, raw);
        model.addAttribute("pair", pair);
        // Whether two values differ is what a reviewer needs even where the values are masked.
        model.addAttribute("rows", FieldRow.of(pair.left(), pair.right(), raw.left(), raw.right()));
        return "console/duplicate";
    }

    @PostMapping("/console/duplicates/{id}/merge")
    String merge(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
                 @RequestParam(defaultValue = "left") String survivor, @RequestParam Map<String, String> form,
                 RedirectAttributes flash) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((name, side) -> {
            if (name.startsWith("win.") && !side.equals(survivor)) {
                fields.put(name.substring(4), side); // only where the steward overrides the survivor's own value
            }
        });
        SuggestionView merged = duplicates.merge(caller, id, new MergeRequest(survivor, fields));
        flash.addFlashAttribute("notice", "Merged (merge " + merged.mergeId() + ")");
        return "redirect:/console/duplicates/" + id;
    }

    @PostMapping("/console/duplicates/{id}/decide")
    String decide(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id, @RequestParam String action,
                  RedirectAttributes flash) {
        switch (action) {
            case "not-duplicate" -> duplicates.notDuplicate(caller, id);
            case "defer" -> duplicates.defer(caller, id);
            default -> throw new ConsoleRefusal(400, "Unknown action '" + action + "'");
        }
        flash.addFlashAttribute("notice", action.equals("defer") ? "Deferred" : "Marked as not a duplicate");
        return "redirect:/console/duplicates/" + id;
    }

    /** Batch mode: merges each selected pair whose score is at least the threshold, with the default survivor. */
    @PostMapping("/console/duplicates/batch")
    String batch(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(name = "id", required = false) List<Long> ids,
                 @RequestParam(defaultValue = "0.9") double minScore, RedirectAttributes flash) {
        Roles.require(caller, "merge records", Roles.STEWARDS);
        int merged = 0;
        int skipped = 0;
        for (long id : ids == null ? List.<Long>of() : ids) {
            SuggestionView s = duplicates.get(caller, id);
            if (s.score() >= minScore && "pending".equals(s.status())) {
                duplicates.merge(caller, id, null);
                merged++;
            } else {
                skipped++;
            }
        }
        flash.addFlashAttribute("notice", "Merged " + merged + " pairs; left " + skipped + " below " + minScore + " or decided");
        return "redirect:/console/duplicates";
    }

    @GetMapping("/console/duplicates/merges")
    String merges(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(required = false) String recordId,
                  @RequestParam(required = false) String runId, @RequestParam(defaultValue = "0") int page,
                  HttpServletRequest request, Model model) {
        Page<MergeView> result = merges.list(caller, RunPages.blank(recordId), RunPages.blank(runId), Paging.SIZE,
                Paging.offset(page));
        model.addAttribute("merges", result.items());
        model.addAttribute("paging", Paging.of(result, request));
        model.addAttribute("runId", RunPages.blank(runId));
        model.addAttribute("recordId", RunPages.blank(recordId));
        return "console/merges";
    }

    /**
     * Undoes a merge; where the API refuses because the survivor changed since, the merges page says
     * which fields and runs, and offers an admin to undo anyway with a reason ({@code action=force}).
     */
    @PostMapping("/console/duplicates/merges/{id}/undo")
    String undo(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
                @RequestParam(defaultValue = "undo") String action, @RequestParam(required = false) String reason,
                HttpServletRequest request, Model model, RedirectAttributes flash) {
        boolean force = "force".equals(action);
        try {
            merges.undo(caller, id, force ? new MergesController.UndoBody(true, RunPages.blank(reason)) : null);
        } catch (Refusal refused) {
            if (force || !ConsoleConflict.forceable(refused)) {
                throw refused;
            }
            // 200, as the sign-in form: the page is the form again, with the refusal in it.
            model.addAttribute("conflict", ConsoleConflict.of(refused));
            model.addAttribute("conflictMerge", id);
            return merges(caller, null, null, 0, request, model);
        }
        flash.addFlashAttribute("notice", "Merge " + id + " undone: both records are back as they were"
                + (force ? ", over the later changes (reason recorded in the audit log)" : ""));
        return "redirect:/console/duplicates/merges";
    }

    /** What a caller sees of a pair: the records and their feature values masked as the duplicates API masks them. */
    private SuggestionView masked(Caller caller, SuggestionView s) {
        return masking.mask(caller, s, SuggestionView.class);
    }

    /** One attribute of a pair, side by side. */
    record FieldRow(String field, Object left, Object right, boolean differs) {

        /** Shown values from the first pair, whether they differ from the second (the unmasked records). */
        static List<FieldRow> of(CoreRecord left, CoreRecord right, CoreRecord rawLeft, CoreRecord rawRight) {
            Map<?, ?> l = left.attributes() instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> r = right.attributes() instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> rl = rawLeft.attributes() instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> rr = rawRight.attributes() instanceof Map<?, ?> m ? m : Map.of();
            Set<Object> names = new LinkedHashSet<>(l.keySet());
            names.addAll(r.keySet());
            List<FieldRow> rows = new ArrayList<>();
            for (Object name : names) {
                if (String.valueOf(name).endsWith("_match")) {
                    continue; // derived match keys, not something a steward chooses between
                }
                rows.add(new FieldRow(String.valueOf(name), l.get(name), r.get(name), !Objects.equals(rl.get(name), rr.get(name))));
            }
            return rows;
        }
    }
}
