package org.tenantio.importer.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.identity.HouseholdLinks;
import org.tenantio.importer.identity.HouseholdLinks.LinkView;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.security.Caller;

/** Household links found by identity resolution, read-only (the household entity itself comes later). */
@RestController
@RequestMapping("/api/v1/households")
public class HouseholdsController {

    private final HouseholdLinks links;

    public HouseholdsController(HouseholdLinks links) {
        this.links = links;
    }

    @GetMapping
    public Page<LinkView> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String recordId,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        HouseholdLinks.Listing listing = links.list(caller.tenant().id(), recordId == null ? null : uuid(recordId),
                limit, offset);
        return new Page<>(listing.items(), listing.total(), limit, offset);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_record_id", "recordId must be a record id (a UUID)",
                    List.of(Map.of("field", "recordId", "message", "a UUID such as 0b6f3c1e-2a4d-4e8f-9c1b-3d5e7f9a1b2c")));
        }
    }
}
