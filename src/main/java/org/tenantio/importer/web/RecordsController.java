package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.RecordCursor;
import org.tenantio.importer.identity.RecordFilter;
import org.tenantio.importer.identity.RecordQueries;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** The tenant's core records of one entity type: by offset or, for deep reads, by keyset cursor. */
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
            @RequestParam(required = false) String after, @RequestParam(required = false) String q,
            @RequestParam(required = false) String email, @RequestParam(required = false) String externalId,
            @RequestParam(required = false) String updatedSince,
            @RequestParam(required = false) Boolean includeWithdrawn) {
        Page.checkBounds(limit, offset);
        boolean viewer = ViewerMasking.applies(caller);
        if (viewer && email != null) {
            // A viewer sees emails masked; matching on one would tell it the masked value.
            Roles.require(caller, "filter records by email", Roles.ROW_READERS);
        }
        RecordCursor cursor = after == null ? null : cursorOf(after, offset);
        RecordFilter filter = new RecordFilter(bounded("q", q), bounded("email", email), bounded("externalId", externalId),
                Times.parse("updatedSince", updatedSince));
        // Records whose consent is withdrawn: admins see them, other roles only when they ask.
        boolean withdrawnToo = includeWithdrawn != null ? includeWithdrawn : caller.hasAnyRole(Roles.ADMINS);
        Page<CoreRecord> page = records.list(caller.tenant().id(), entityType, filter, limit, offset, cursor, withdrawnToo);
        return viewer ? masking.mask(page, entityType) : page;
    }

    private static RecordCursor cursorOf(String after, long offset) {
        if (offset != 0) {
            throw new ApiException(400, "invalid_paging", "Give either after or offset, not both",
                    List.of(Map.of("field", "offset", "message", "omit it with after")));
        }
        return RecordCursor.decode(after).orElseThrow(() -> new ApiException(400, "invalid_cursor",
                "after must be the next value of a previous page", List.of(Map.of("field", "after", "message", "not a cursor"))));
    }

    private static String bounded(String name, String value) {
        if (value != null && value.length() > 320) {
            throw new ApiException(400, "invalid_filter", name + " is at most 320 characters",
                    List.of(Map.of("field", name, "message", "at most 320 characters")));
        }
        return value;
    }
}
