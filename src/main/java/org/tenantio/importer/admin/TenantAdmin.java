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
    public NewTenant create(String code, String name, String keyName) {
        // Creating a tenant is platform work that no tenant scope covers yet: one system transaction.
        return TenantScope.asSystem(() -> tx.execute(status -> {
            Tenant tenant = tenants.create(code, name);
            return TenantScope.call(tenant.id(), () -> {
                Quota quota = quotas.of(tenant.id());
                String key = ApiKeys.generate();
                UUID keyId = keys.store(tenant.id(), keyName, key, "admin");
                audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "tenant.created", "tenant",
                        tenant.code(), null, Map.of("name", name, "quotas", quota.limits()), null));
                audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "api_key.created", "api_key",
                        keyId.toString(), null, Map.of("name", keyName, "role", "admin"), null));
                return new NewTenant(tenant, quota, keyId, key);
            });
        }));
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

    /** New limits for a tenant, audited with before and after; its keys' rate buckets start afresh. */
    public Quota setQuotas(Tenant tenant, RunQuotas.Limits limits) {
        return TenantScope.call(tenant.id(), () -> {
            Quota before = quotas.update(tenant.id(), limits);
            rateLimiter.forgetTenant(tenant.id());
            audit.record(new AuditEvent(tenant.id(), PlatformAdmin.ACTOR, PlatformAdmin.ROLE, "tenant.quotas_changed",
                    "tenant", tenant.code(), before.limits(), limits, null));
            return quotas.of(tenant.id());
        });
    }

    public record NewTenant(Tenant tenant, Quota quota, UUID adminKeyId, String adminKey) {
    }

    public record TenantView(UUID id, String code, String name, java.time.OffsetDateTime createdAt) {
    }
}
