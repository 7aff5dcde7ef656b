package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.tenant.RunQuotas;
import org.tenantio.importer.tenant.RunQuotas.Quota;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.admin.TenantAdmin;
import org.tenantio.importer.admin.TenantAdmin.TenantView;
import org.tenantio.importer.tenant.TenantRepository;

/** Platform administration (the platform key only, see PlatformKeyFilter): tenants and their quotas. */
@RestController
@RequestMapping("/api/v1/tenants")
public class TenantsController {

    // The code names the tenant's inbox folder: lower-case letters, digits and dashes only.
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private final TenantAdmin admin;
    private final TenantRepository tenants;
    private final RunQuotas quotas;

    public TenantsController(TenantAdmin admin, TenantRepository tenants, RunQuotas quotas) {
        this.admin = admin;
        this.tenants = tenants;
        this.quotas = quotas;
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) NewTenantRequest body) {
        String code = body == null ? null : body.code();
        String name = body == null || body.name() == null || body.name().isBlank() ? code : body.name().strip();
        String owner = body == null || body.adminKeyOwner() == null ? DEFAULT_FIRST_OWNER : body.adminKeyOwner().strip();
        if (code == null || !CODE.matcher(code).matches() || name.length() > 200 || !ApiKeys.validOwner(owner)) {
            throw new ApiException(400, "invalid_tenant", "A tenant needs a code of 2-63 lower-case letters, digits and dashes",
                    List.of(Map.of("field", "code", "message", "[a-z0-9][a-z0-9-]{1,62}"),
                            Map.of("field", "name", "message", "at most 200 characters"),
                            Map.of("field", "adminKeyOwner", "message", "an email address or service:<name>")));
        }
        if (tenants.findByCode(code).isPresent()) {
            throw conflict(code);
        }
        TenantAdmin.NewTenant created;
        try {
            created = admin.create(code, name, body.adminKeyName() == null || body.adminKeyName().isBlank()
                    ? "first admin" : body.adminKeyName().strip(), ApiKeys.normalOwner(owner));
        } catch (DuplicateKeyException e) {
            throw conflict(code); // created by a concurrent request a moment ago
        }
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + code)).body(Map.of(
                "id", created.tenant().id(), "code", code, "name", name, "quotas", QuotaResponse.of(created.quota()),
                "adminKey", Map.of("id", created.adminKeyId(), "role", "admin", "owner", ApiKeys.normalOwner(owner),
                        "key", created.adminKey())));
    }

    /** A key of any role for any owner: the one way to a tenant's second admin person. */
    @PostMapping("/{code}/api-keys")
    public ResponseEntity<ApiKeysController.IssuedKey> issueKey(@PathVariable String code,
            @RequestBody(required = false) ApiKeysController.NewKey body) {
        Tenant tenant = tenant(code);
        ApiKeysController.NewKey request = ApiKeysController.NewKey.checked(body);
        TenantAdmin.IssuedKey issued = admin.issueKey(tenant, request.name().strip(), request.role(),
                ApiKeys.normalOwner(request.owner()));
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + code + "/api-keys/" + issued.view().id()))
                .body(ApiKeysController.IssuedKey.of(issued.view(), issued.key()));
    }

    @GetMapping
    public Page<TenantView> list(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        return new Page<>(admin.list(limit, offset), admin.count(), limit, offset);
    }

    @GetMapping("/{code}/quotas")
    public QuotaResponse quotas(@PathVariable String code) {
        java.util.UUID tenantId = tenant(code).id();
        // The platform key has no tenant of its own: read as the tenant asked about.
        return QuotaResponse.of(org.tenantio.importer.system.TenantScope.call(tenantId, () -> quotas.of(tenantId)));
    }

    /**
     * Changes only the limits the body names (PATCH semantics under PUT): {@code {"runsPerDay": 50}}
     * leaves every other limit as it is. Unknown names, and values that are not whole numbers in
     * range, are 400 and change nothing.
     */
    @PutMapping("/{code}/quotas")
    public QuotaResponse setQuotas(@PathVariable String code, @RequestBody(required = false) Map<String, Object> body) {
        Tenant tenant = tenant(code);
        return QuotaResponse.of(admin.setQuotas(tenant, QuotaChange.parse(body)));
    }

    private Tenant tenant(String code) {
        return tenants.findByCode(code).orElseThrow(() -> ApiException.notFound("Tenant"));
    }

    private static ApiException conflict(String code) {
        return new ApiException(409, "tenant_exists", "A tenant with code '" + code + "' exists already");
    }

    /** Who the first admin key belongs to when the request does not say. */
    static final String DEFAULT_FIRST_OWNER = "service:first-admin";

    public record NewTenantRequest(String code, String name, String adminKeyName, String adminKeyOwner) {
    }

    public record QuotaResponse(RunQuotas.Limits limits, Map<String, Object> usage) {
        static QuotaResponse of(Quota q) {
            return new QuotaResponse(q.limits(), q.usage());
        }
    }
}
