package org.tenantio.importer.tenant;

import java.util.UUID;

/** A run the tenant's quota refused; {@code limit} names the quota (runs_per_day, ...). Metrics count it. */
public record QuotaRefused(UUID tenantId, String limit) {
}
