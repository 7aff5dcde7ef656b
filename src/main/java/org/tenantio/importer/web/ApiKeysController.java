package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.security.ApiKeys.KeyView;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.security.RateLimiter;

/** A tenant admin's keys: list, issue (the key is shown once), revoke (effective on the next request). */
@RestController
@RequestMapping("/api/v1/api-keys")
public class ApiKeysController {

    private final ApiKeys keys;
    private final AuditLog audit;
    private final RateLimiter rateLimiter;
    private final TransactionTemplate tx;

    public ApiKeysController(ApiKeys keys, AuditLog audit, RateLimiter rateLimiter, TransactionTemplate tx) {
        this.tx = tx;
        this.keys = keys;
        this.audit = audit;
        this.rateLimiter = rateLimiter;
    }

    @GetMapping
    public Page<KeyView> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller) {
        Roles.require(caller, "list API keys", Roles.ADMINS);
        return Page.of(keys.list(caller.tenant().id()));
    }

    @PostMapping
    public ResponseEntity<IssuedKey> issue(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestBody(required = false) NewKey body) {
        Roles.require(caller, "issue API keys", Roles.ADMINS);
        NewKey request = NewKey.checked(body);
        String owner = ApiKeys.normalOwner(request.owner());
        if ("admin".equals(request.role()) && !owner.equals(caller.owner())) {
            // Otherwise one admin could invent a second approver for their own requests.
            throw new ApiException(403, "admin_key_for_other_owner", "An admin key for another owner comes only from "
                    + "the platform operator (POST /api/v1/tenants/{code}/api-keys); you may issue admin keys for yourself "
                    + "and keys of other roles for anyone");
        }
        String key = ApiKeys.generate();
        UUID id = keys.store(caller.tenant().id(), request.name().strip(), key, request.role(), owner);
        KeyView view = keys.find(caller.tenant().id(), id).orElseThrow();
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "api_key.created", "api_key",
                id.toString(), null, created(view), caller.requestId()));
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + id)).body(IssuedKey.of(view, key));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        Roles.require(caller, "revoke API keys", Roles.ADMINS);
        UUID keyId = Ids.parse(id, "API key");
        KeyView before = keys.find(caller.tenant().id(), keyId).orElseThrow(() -> ApiException.notFound("API key"));
        ApiKeys.Revocation done = tx.execute(status -> keys.revoke(caller.tenant().id(), keyId));
        if (done == ApiKeys.Revocation.LAST_ADMIN) {
            throw new ApiException(409, "last_admin_key", "This is the tenant's last active admin key; issue another first");
        }
        if (done == ApiKeys.Revocation.REVOKED) {
            rateLimiter.forgetKey(keyId);
            KeyView after = keys.find(caller.tenant().id(), keyId).orElseThrow();
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "api_key.revoked", "api_key",
                    id, Map.of("name", before.name(), "role", before.role(), "revoked", false),
                    Map.of("revoked", true, "revokedAt", after.revokedAt().toString()), caller.requestId()));
        }
        return ResponseEntity.noContent().build();
    }

    /** What the audit keeps of a new key. */
    public static Map<String, Object> created(KeyView view) {
        return Map.of("name", view.name(), "role", view.role(), "prefix", view.prefix(), "owner", view.owner());
    }

    public record NewKey(String name, String role, String owner) {
        /** The request, or 400 naming every field that is wrong. */
        public static NewKey checked(NewKey body) {
            String name = body == null ? null : body.name();
            String role = body == null ? null : body.role();
            String owner = body == null ? null : body.owner();
            List<Map<String, Object>> wrong = new java.util.ArrayList<>();
            if (name == null || name.isBlank() || name.length() > 100) {
                wrong.add(Map.of("field", "name", "message", "1-100 characters"));
            }
            if (role == null || !ApiKeys.ROLES.contains(role)) {
                wrong.add(Map.of("field", "role", "message", "one of " + String.join(", ", ApiKeys.ROLES)));
            }
            if (owner == null || !ApiKeys.validOwner(owner.strip())) {
                wrong.add(Map.of("field", "owner", "message", "the person's email address, or service:<name> "
                        + "(lower-case letters, digits, . _ -)"));
            }
            if (!wrong.isEmpty()) {
                throw new ApiException(400, "invalid_api_key_request", "A key needs a name (1-100 characters), a role "
                        + "and an owner", wrong);
            }
            return body;
        }
    }

    /** The one response that carries the key itself. */
    public record IssuedKey(UUID id, String name, String prefix, String role, String owner,
                            java.time.OffsetDateTime createdAt, String key) {
        public static IssuedKey of(KeyView v, String key) {
            return new IssuedKey(v.id(), v.name(), v.prefix(), v.role(), v.owner(), v.createdAt(), key);
        }
    }
}
