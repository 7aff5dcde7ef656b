package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.RecordQueries;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** The tenant's core records of one entity type. */
@RestController
@RequestMapping("/api/v1/records")
public class RecordsController {

    private final RecordQueries records;
    private final ViewerMasking masking;

    public RecordsController(RecordQueries records, ViewerMasking masking) {
        this.records = records;
        this.masking = masking;
    }

    @GetMapping("/{entityType}")
    public Page<CoreRecord> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String entityType,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset,
            @RequestParam(required = false) Boolean includeWithdrawn) {
        Page.checkBounds(limit, offset);
        // Records whose consent is withdrawn: admins see them, other roles only when they ask.
        boolean withdrawnToo = includeWithdrawn != null ? includeWithdrawn : caller.hasAnyRole(Roles.ADMINS);
        Page<CoreRecord> page = records.list(caller.tenant().id(), entityType, limit, offset, withdrawnToo);
        return ViewerMasking.applies(caller) ? masking.mask(page, entityType) : page;
    }
}
