package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.tenantio.importer.identity.RecordQueries;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.web.RecordHistoryController;
import org.tenantio.importer.web.RecordsController;

/** Record search and a record's page with its provenance, masked by role as the records API masks. */
@Controller
class RecordPages {

    private final RecordsController records;
    private final RecordQueries queries;
    private final RecordHistoryController history;
    private final ConsoleMasking masking;

    RecordPages(RecordsController records, RecordQueries queries, RecordHistoryController history, ConsoleMasking masking) {
        this.records = records;
        this.queries = queries;
        this.history = history;
        this.masking = masking;
    }

    @GetMapping("/console/records")
    String search(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(defaultValue = "person") String type,
                  @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                  HttpServletRequest request, Model model) {
        String text = RunPages.blank(q);
        Page<CoreRecord> result;
        if (text == null) {
            result = records.list(caller, type, Paging.SIZE, Paging.offset(page), null, null, null, null, null, null);
        } else {
            result = queries.search(caller.tenant().id(), type, text, Paging.SIZE, Paging.offset(page));
        }
        result = masking.mask(caller, result);
        model.addAttribute("records", result.items());
        model.addAttribute("paging", Paging.of(result, request));
        model.addAttribute("type", type);
        model.addAttribute("q", text);
        return "console/records";
    }

    @GetMapping("/console/records/{id}")
    String record(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id,
                  @RequestParam(defaultValue = "person") String type, Model model) {
        RecordHistoryController.RecordWithHistory found = masking.mask(caller, history.history(caller, type, id),
                RecordHistoryController.RecordWithHistory.class);
        model.addAttribute("record", found.record());
        model.addAttribute("events", found.events());
        return "console/record";
    }
}
