package org.tenantio.importer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.tenantio.importer.tenant.QuotaRefused;

/**
 * Requests refused for a tenant's quota (a QuotaRefused event from the quota check, which knows
 * no metrics) or its API key's rate limit (counted by the API-key filter), per tenant.
 */
@Component
public class Rejections {

    static final String QUOTA = "importer.quota.rejections";
    static final String RATE_LIMIT = "importer.rate.limit.rejections";

    private final MeterRegistry registry;
    private final TenantLabels tenants;

    public Rejections(MeterRegistry registry, TenantLabels tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    /** A run refused by the tenant's quota (published by the quota check, which knows no metrics). */
    @EventListener
    void quota(QuotaRefused refused) {
        Counter.builder(QUOTA).description("Runs refused by the tenant's quota, by limit")
                .tags("tenant", tenants.of(refused.tenantId()), "limit", refused.limit()).register(registry).increment();
    }

    /** A request refused by its key's rate limit. */
    public void rateLimited(org.tenantio.importer.tenant.Tenant tenant) {
        Counter.builder(RATE_LIMIT).description("API requests refused by the key's rate limit")
                .tags("tenant", tenant.code()).register(registry).increment();
    }
}
