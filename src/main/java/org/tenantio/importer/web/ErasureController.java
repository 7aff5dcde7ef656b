package org.tenantio.importer.web;

import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.privacy.Erasures;
import org.tenantio.importer.privacy.Erasures.Erasure;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Erasure of a person (right to be forgotten). Admins only; the reason is required. */
@RestController
@RequestMapping("/api/v1/records/{entityType}/{id}")
public class ErasureController {

    private final Erasures erasures;

    public ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    /** The reason comes as {"reason": "..."} or, for clients that send no body with DELETE, as ?reason=. */
    @DeleteMapping
    public Erasure erase(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String entityType,
            @PathVariable String id, @RequestParam(required = false) String reason,
            @RequestBody(required = false) Map<String, Object> body) {
        Roles.require(caller, "erase records", Roles.ADMINS);
        Object given = body == null ? null : body.get("reason");
        String why = given instanceof String s ? s : reason;
        return erasures.erase(caller, entityType, Ids.parse(id, "Record"), why);
    }
}
