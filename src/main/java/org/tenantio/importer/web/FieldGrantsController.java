package org.tenantio.importer.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.security.FieldGrants;

/** A tenant admin's field grants: which sensitive fields a role sees unmasked in API responses. */
@RestController
@RequestMapping("/api/v1/field-grants")
public class FieldGrantsController {

    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final FieldGrants grants;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    public FieldGrantsController(FieldGrants grants, AuditLog audit, TransactionTemplate tx) {
        this.grants = grants;
        this.audit = audit;
        this.tx = tx;
    }

    @GetMapping
    public Map<String, List<String>> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller) {
        Roles.require(caller, "read field grants", Roles.ADMINS);
        return grants.all(caller.tenant().id());
    }

    /** Replaces the role's grants with {@code {"fields": ["email"]}}; an empty list masks everything again. */
    @PutMapping("/{role}")
    public Map<String, Object> replace(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String role,
                                       @RequestBody(required = false) GrantRequest body) {
        Roles.require(caller, "grant fields", Roles.ADMINS);
        if (!FieldGrants.ROLES.contains(role)) {
            throw new ApiException(404, "not_found", "Fields are granted to " + String.join(", ", FieldGrants.ROLES)
                    + "; admin sees every field");
        }
        if (body == null || body.fields() == null || body.fields().size() > 100
                || !body.fields().stream().allMatch(f -> f != null && FIELD.matcher(f).matches())) {
            throw new ApiException(400, "invalid_field_grant", "Send {\"fields\": [...]} with contract field names",
                    List.of(Map.of("field", "fields", "message", "up to 100 names like date_of_birth")));
        }
        Set<String> fields = new LinkedHashSet<>(body.fields());
        tx.executeWithoutResult(s -> {
            Set<String> before = grants.replace(caller.tenant().id(), role, fields, caller.actor());
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "field_grants.changed",
                    "role", role, Map.of("fields", before), Map.of("fields", fields), caller.requestId()));
        });
        return Map.of("role", role, "fields", List.copyOf(grants.of(caller.tenant().id(), role)));
    }

    public record GrantRequest(List<String> fields) {
    }
}
