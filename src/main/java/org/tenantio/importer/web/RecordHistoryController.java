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
    private final ViewerMasking masking;

    public RecordHistoryController(RecordQueries records, RecordHistory history, ViewerMasking masking) {
        this.records = records;
        this.history = history;
        this.masking = masking;
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
        if (ViewerMasking.applies(caller)) {
            record = masking.mask(new Page<>(List.of(record), 1, 1, 0), entityType).items().get(0);
            // Before and after images hold the same values the record masks: a viewer sees that a change happened.
            events = events.stream().map(e -> new RecordHistory.Event(e.at(), e.kind(), e.runId(), e.pipeline(),
                    e.before() == null ? null : Map.of("masked", true), e.after() == null ? null : Map.of("masked", true),
                    e.mergeId(), e.otherRecordId(), e.actor(), e.undoneAt(), e.revertedAt())).toList();
        }
        return new RecordWithHistory(record, events);
    }

    public record RecordWithHistory(CoreRecord record, List<RecordHistory.Event> events) {
    }
}
