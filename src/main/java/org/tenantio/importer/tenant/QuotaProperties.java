package org.tenantio.importer.tenant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quotas a tenant starts with ({@code importer.quotas.*}); generous by default, set lower
 * per tenant with {@code PUT /api/v1/tenants/{code}/quotas}. {@code pendingGrace} is how long a
 * reservation may wait for its run row before it counts as left by a crash.
 */
@ConfigurationProperties(prefix = "importer.quotas")
public record QuotaProperties(int runsPerDay, int runsPerMonth, int maxConcurrent, long maxFileBytes,
                              Duration pendingGrace) {

    public QuotaProperties {
        runsPerDay = runsPerDay > 0 ? runsPerDay : 10_000;
        runsPerMonth = runsPerMonth > 0 ? runsPerMonth : 200_000;
        maxConcurrent = maxConcurrent > 0 ? maxConcurrent : 20;
        maxFileBytes = maxFileBytes > 0 ? maxFileBytes : 10L << 30;
        pendingGrace = pendingGrace != null ? pendingGrace : Duration.ofHours(1);
    }
}
