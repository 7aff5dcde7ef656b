package org.tenantio.importer.web;

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
import org.tenantio.importer.security.ApiKeyFilter;
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
        String key = ApiKeys.generate();
        UUID id = keys.store(caller.tenant().id(), request.name().strip(), key, request.role());
        KeyView view = keys.find(caller.tenant().id(), id).orElseThrow();
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "api_key.created", "api_key",
                id.toString(), null, Map.of("name", view.name(), "role", view.role(), "prefix", view.prefix()),
                caller.requestId()));
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

    public record NewKey(String name, String role) {
        static NewKey checked(NewKey body) {
            String name = body == null ? null : body.name();
            String role = body == null ? null : body.role();
            if (name == null || name.isBlank() || name.length() > 100 || !ApiKeys.ROLES.contains(role)) {
                throw new ApiException(400, "invalid_api_key_request", "A key needs a name (1-100 characters) and a role",
                        List.of(Map.of("field", "name", "message", "1-100 characters"),
                                Map.of("field", "role", "message", "one of " + String.join(", ", ApiKeys.ROLES))));
            }
            return body;
        }
    }

    /** The one response that carries the key itself. */
    public record IssuedKey(UUID id, String name, String prefix, String role, java.time.OffsetDateTime createdAt, String key) {
        static IssuedKey of(KeyView v, String key) {
            return new IssuedKey(v.id(), v.name(), v.prefix(), v.role(), v.createdAt(), key);
        }
    }
}
