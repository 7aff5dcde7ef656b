package org.tenantio.importer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.tenantio.importer.tenant.QuotaRefused;

/**
 * Requests refused for a tenant's quota or its API key's rate limit, per tenant. Counted from
 * the filter and the quota check through a static entry point, so those hot, widely edited
 * classes need one line and no new constructor argument; until the service has started (plain
 * unit tests) counting is a no-op.
 */
@Component
public class Rejections {

    static final String QUOTA = "importer.quota.rejections";
    static final String RATE_LIMIT = "importer.rate.limit.rejections";

    private static volatile Rejections current;

    private final MeterRegistry registry;
    private final TenantLabels tenants;

    public Rejections(MeterRegistry registry, TenantLabels tenants) {
        this.registry = registry;
        this.tenants = tenants;
        current = this;
    }

    /** A run refused by the tenant's quota (published by the quota check, which knows no metrics). */
    @EventListener
    void quota(QuotaRefused refused) {
        Counter.builder(QUOTA).description("Runs refused by the tenant's quota, by limit")
                .tags("tenant", tenants.of(refused.tenantId()), "limit", refused.limit()).register(registry).increment();
    }

    /** A request refused by its key's rate limit. */
    public static void rateLimited(UUID tenantId) {
        Rejections r = current;
        if (r != null) {
            Counter.builder(RATE_LIMIT).description("API requests refused by the key's rate limit")
                    .tags("tenant", r.tenants.of(tenantId)).register(r.registry).increment();
        }
    }
}
