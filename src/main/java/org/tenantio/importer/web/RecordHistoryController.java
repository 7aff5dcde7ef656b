package org.tenantio.importer.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.RecordHistory;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.identity.RecordQueries;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** A core record with its provenance: every run, change and merge that touched it. */
@RestController
public class RecordHistoryController {

    private final RecordQueries records;
    private final RecordHistory history;

    public RecordHistoryController(RecordQueries records, RecordHistory history) {
        this.records = records;
        this.history = history;
    }

    /** The record as the records listing shows it (masked alike for a viewer) and its events, oldest first. */
    @GetMapping("/api/v1/records/{entityType}/{id}/history")
    public RecordWithHistory history(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String entityType,
                                     @PathVariable String id) {
        UUID recordId = Ids.parse(id, "Record");
        CoreRecord record = records.byIds(caller.tenant().id(), List.of(recordId)).get(recordId);
        if (record == null || !record.entityType().equals(entityType)) {
            throw ApiException.notFound("Record");
        }
        List<RecordHistory.Event> events = history.of(caller.tenant().id(), recordId);
        // Masked for every role but admin on the way out, by the one masking step (PersonDataAdvice).
        return new RecordWithHistory(record, events);
    }

    public record RecordWithHistory(CoreRecord record, List<RecordHistory.Event> events) {
    }
}
