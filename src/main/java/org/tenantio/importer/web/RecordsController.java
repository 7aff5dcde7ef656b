package org.tenantio.importer.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.RecordQueries;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.security.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** The tenant's core records of one entity type. */
@RestController
@RequestMapping("/api/v1/records")
public class RecordsController {

    private final RecordQueries records;

    public RecordsController(RecordQueries records) {
        this.records = records;
    }

    @GetMapping("/{entityType}")
    public Page<CoreRecord> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String entityType,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        // Sensitive fields are masked for every role but admin by PersonDataAdvice, as in every response.
        return records.list(caller.tenant().id(), entityType, limit, offset);
    }
}
