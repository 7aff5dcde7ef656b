package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.MergeUndo;
import org.tenantio.importer.identity.MergeUndo.MergeView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Merges of core records, automatic or a steward's, and their undo. */
@RestController
@RequestMapping("/api/v1/merges")
public class MergesController {

    private final MergeUndo merges;

    public MergesController(MergeUndo merges) {
        this.merges = merges;
    }

    @GetMapping
    public Page<MergeView> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String recordId, @RequestParam(required = false) String runId,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        return merges.list(caller.tenant().id(), recordId == null ? null : Ids.parse(recordId, "Record"),
                runId == null ? null : Ids.parse(runId, "Run"), limit, offset);
    }

    @GetMapping("/{id}")
    public MergeView get(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id) {
        return merges.find(caller.tenant().id(), id);
    }

    /**
     * Restores both records, their external ids and keys exactly as before the merge. Admins only.
     * Optional body {"force": true, "reason": "..."} to undo over changes made to the survivor since.
     */
    @PostMapping("/{id}/undo")
    public MergeView undo(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
            @org.springframework.web.bind.annotation.RequestBody(required = false) UndoBody body) {
        Roles.require(caller, "undo merges", "admin");
        return merges.undo(caller, id, body == null ? MergeUndo.UndoRequest.PLAIN
                : new MergeUndo.UndoRequest(Boolean.TRUE.equals(body.force()), body.reason()));
    }

    public record UndoBody(Boolean force, String reason) {
    }
}
