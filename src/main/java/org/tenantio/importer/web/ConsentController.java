package org.tenantio.importer.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.privacy.Consents;
import org.tenantio.importer.privacy.Consents.Consent;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** A record's consent: read it with its history, or set it (admins and stewards). */
@RestController
@RequestMapping("/api/v1/records/{entityType}/{id}/consent")
public class ConsentController {

    private final Consents consents;

    public ConsentController(Consents consents) {
        this.consents = consents;
    }

    @GetMapping
    public Consent get(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String entityType,
            @PathVariable String id) {
        Roles.require(caller, "read consent", Roles.STEWARDS);
        return consents.find(caller.tenant().id(), entityType, Ids.parse(id, "Record"));
    }

    @PutMapping
    public Consent set(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String entityType,
            @PathVariable String id, @RequestBody(required = false) Consents.Request request) {
        Roles.require(caller, "change consent", Roles.STEWARDS);
        return consents.set(caller, entityType, Ids.parse(id, "Record"), request);
    }
}
