package org.tenantio.importer.metrics;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;
import org.tenantio.importer.system.TenantScope;

/**
 * The {@code tenant} label of a meter: the tenant's code (bounded by the number of tenants, and
 * no personal data), looked up once per tenant; codes never change.
 */
@Component
public class TenantLabels {

    private final TenantRepository tenants;
    private final Map<UUID, String> codes = new ConcurrentHashMap<>();

    public TenantLabels(TenantRepository tenants) {
        this.tenants = tenants;
    }

    public String of(UUID tenantId) {
        if (tenantId == null) {
            return "none";
        }
        return codes.computeIfAbsent(tenantId,
                id -> TenantScope.asSystem(() -> tenants.findById(id)).map(Tenant::code).orElse("unknown"));
    }
}
