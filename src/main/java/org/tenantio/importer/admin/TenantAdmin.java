package org.tenantio.importer.admin;

import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;

import org.tenantio.importer.system.TenantScope;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.tenant.RunQuotas;
import org.tenantio.importer.tenant.RunQuotas.Quota;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.security.PlatformAdmin;
import org.tenantio.importer.security.RateLimiter;

/** The platform operator's work: new tenants with their quotas and first admin key, and quota changes. */
@Component
public class TenantAdmin {

    private final TenantRepository tenants;
    private final RunQuotas quotas;
    private final ApiKeys keys;
    private final AuditLog audit;
    private final RateLimiter rateLimiter;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;

    public TenantAdmin(TenantRepository tenants, RunQuotas quotas, ApiKeys keys, AuditLog audit, RateLimiter rateLimiter,
                       TransactionTemplate tx, JdbcTemplate jdbc) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.keys = keys;
        this.audit = audit;
        this.rateLimiter = rateLimiter;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** The tenant, its default quotas, and an admin key that is returned here and never again. */
    public NewTenant create(String code, String name, String keyName, String keyOwner) {
        // Creating a tenant is platform work that no tenant scope covers yet: one system transaction.
        return TenantScope.asSystem(() -> tx.execute(status -> {
            Tenant tenant = tenants.create(code, name);
            return TenantScope.call(tenant.id(), () -> {
                Quota quota = quotas.of(tenant.id());
                String key = ApiKeys.generate();
                UUID keyId = keys.store(tenant.id(), keyName, key, "admin", keyOwner);
                audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "tenant.created", "tenant",
                        tenant.code(), null, Map.of("name", name, "quotas", quota.limits()), null));
                audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "api_key.created", "api_key",
                        keyId.toString(), null, Map.of("name", keyName, "role", "admin", "owner", keyOwner), null));
                return new NewTenant(tenant, quota, keyId, key);
            });
        }));
    }

    /**
     * A key of any role for any owner of the tenant: the platform operator's way to give a tenant
     * a second admin person (a tenant admin may mint admin keys only for themselves).
     */
    public IssuedKey issueKey(Tenant tenant, String name, String role, String owner) {
        return TenantScope.call(tenant.id(), () -> tx.execute(status -> {
            String key = ApiKeys.generate();
            UUID id = keys.store(tenant.id(), name, key, role, owner);
            ApiKeys.KeyView view = keys.find(tenant.id(), id).orElseThrow();
            audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "api_key.created", "api_key",
                    id.toString(), null, Map.of("name", name, "role", role, "prefix", view.prefix(), "owner", owner), null));
            return new IssuedKey(view, key);
        }));
    }

    public record IssuedKey(ApiKeys.KeyView view, String key) {
    }

    public List<TenantView> list(int limit, long offset) {
        return jdbc.query("SELECT id, code, name, created_at FROM tenants ORDER BY created_at, code LIMIT ? OFFSET ?",
                (rs, i) -> new TenantView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class)), limit, offset);
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Changes a tenant's limits, audited with before and after; its keys' rate buckets start afresh.
     * The change is applied to the limits as they are under the quota row's lock, so two changes
     * of different limits at once both take effect.
     */
    public Quota setQuotas(Tenant tenant, java.util.function.UnaryOperator<RunQuotas.Limits> change) {
        Quota changed = TenantScope.call(tenant.id(), () -> tx.execute(status -> {
            quotas.of(tenant.id()); // makes the row if the tenant has none yet
            jdbc.queryForList("SELECT 1 FROM tenant_quotas WHERE tenant_id = ? FOR UPDATE", tenant.id());
            RunQuotas.Limits limits = change.apply(quotas.of(tenant.id()).limits());
            Quota before = quotas.update(tenant.id(), limits);
            audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "tenant.quotas_changed",
                    "tenant", tenant.code(), before.limits(), limits, null));
            return quotas.of(tenant.id());
        }));
        rateLimiter.forgetTenant(tenant.id());
        return changed;
    }

    public record NewTenant(Tenant tenant, Quota quota, UUID adminKeyId, String adminKey) {
    }

    public record TenantView(UUID id, String code, String name, java.time.OffsetDateTime createdAt) {
    }
}
