package org.tenantio.importer.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tenantio.importer.tenant.RunQuotas;
import org.tenantio.importer.system.TenantScope;

/**
 * Requests per minute per API key, in memory (one token bucket a key, Bucket4j): the tenant's
 * {@code requests_per_minute} quota if set, else {@code importer.rate-limit.requests-per-minute}.
 * A bucket is made on a key's first request; changing the tenant's quota forgets its buckets.
 */
@Component
public class RateLimiter {

    private final Map<UUID, Held> buckets = new ConcurrentHashMap<>();
    private final RunQuotas quotas;
    private final int defaultPerMinute;

    public RateLimiter(RunQuotas quotas, @Value("${importer.rate-limit.requests-per-minute:1200}") int defaultPerMinute) {
        this.quotas = quotas;
        this.defaultPerMinute = defaultPerMinute;
    }

    /** Takes one request from the caller's key: 0 if allowed, else whole seconds until one is. */
    public long secondsToWait(Caller caller) {
        Bucket bucket = buckets.computeIfAbsent(caller.keyId(), id -> new Held(caller.tenant().id(),
                bucket(caller.tenant().id()))).bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    public void forgetTenant(UUID tenantId) {
        buckets.values().removeIf(h -> h.tenantId().equals(tenantId));
    }

    public void forgetKey(UUID keyId) {
        buckets.remove(keyId);
    }

    private Bucket bucket(UUID tenantId) {
        // Runs before the request enters its tenant's scope: enter it for the quota read (row-level security).
        Integer own = TenantScope.call(tenantId, () -> quotas.of(tenantId).requestsPerMinute());
        int perMinute = own != null ? own : defaultPerMinute;
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    private record Held(UUID tenantId, Bucket bucket) {
    }
}
