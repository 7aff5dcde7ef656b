package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.DuplicateReview;
import org.tenantio.importer.identity.DuplicateReview.MergeRequest;
import org.tenantio.importer.identity.DuplicateReview.SuggestionView;
import org.tenantio.importer.identity.DuplicateScan;
import org.tenantio.importer.identity.DuplicateScan.ScanView;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Duplicate suggestions for stewards to review, their decisions, and full scans for duplicates. */
@RestController
@RequestMapping("/api/v1/duplicates")
public class DuplicatesController {

    private final DuplicateReview review;
    private final DuplicateScan scan;

    public DuplicatesController(DuplicateReview review, DuplicateScan scan) {
        this.review = review;
        this.scan = scan;
    }

    @GetMapping
    public Page<SuggestionView> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(defaultValue = "pending") String status, @RequestParam(required = false) String entityType,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        return review.list(caller.tenant().id(), status, entityType, limit, offset);
    }

    @GetMapping("/{id}")
    public SuggestionView get(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id) {
        return review.find(caller.tenant().id(), id);
    }

    @PostMapping("/{id}/merge")
    public SuggestionView merge(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id,
            @RequestBody(required = false) MergeRequest request) {
        Roles.require(caller, "merge records", Roles.STEWARDS);
        return review.merge(caller, id, request);
    }

    @PostMapping("/{id}/not-duplicate")
    public SuggestionView notDuplicate(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id) {
        Roles.require(caller, "decide duplicates", Roles.STEWARDS);
        return review.decide(caller, id, "not_duplicate");
    }

    @PostMapping("/{id}/defer")
    public SuggestionView defer(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable long id) {
        Roles.require(caller, "decide duplicates", Roles.STEWARDS);
        return review.decide(caller, id, "deferred");
    }

    /** Starts a scan of the entity type's core records (body {"entityType": "person"}, the default). */
    @PostMapping("/scan")
    public ResponseEntity<ScanView> scan(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestBody(required = false) Map<String, String> body) {
        Roles.require(caller, "scan for duplicates", Roles.RUN_STARTERS);
        String entity = body == null || body.get("entityType") == null ? "person" : body.get("entityType");
        ScanView started = scan.start(caller, entity);
        return ResponseEntity.accepted().location(URI.create("/api/v1/duplicates/scans/" + started.id())).body(started);
    }

    @GetMapping("/scans/{id}")
    public ScanView scanStatus(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        return scan.find(caller.tenant().id(), Ids.parse(id, "Scan"));
    }
}
