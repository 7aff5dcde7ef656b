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
 * {@code requests_per_minute} quota if set, else {@code importer.rate-limit.requests-per-minute}
 * (100, requirements 004). The bucket holds a minute's worth and refills greedily, so a burst gets
 * exactly the limit and then one request per {@code 60 s / limit}. A bucket is made on a key's
 * first request; changing the tenant's quota forgets its buckets.
 *
 * <p>Failed sign-ins (an unknown or revoked key) are counted per client address: past
 * {@code importer.rate-limit.failed-sign-ins-per-minute} an address is refused before its key is
 * even looked at, so keys cannot be guessed at request speed.
 */
@Component
public class RateLimiter {

    /** Addresses remembered at most; past it, addresses whose bucket is full again are forgotten. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Map<UUID, Held> buckets = new ConcurrentHashMap<>();
    private final Map<String, Bucket> failures = new ConcurrentHashMap<>();
    private final RunQuotas quotas;
    private final int defaultPerMinute;
    private final int failuresPerMinute;

    public RateLimiter(RunQuotas quotas, @Value("${importer.rate-limit.requests-per-minute:100}") int defaultPerMinute,
                       @Value("${importer.rate-limit.failed-sign-ins-per-minute:20}") int failuresPerMinute) {
        this.quotas = quotas;
        this.defaultPerMinute = defaultPerMinute;
        this.failuresPerMinute = failuresPerMinute;
    }

    /** Takes one request from the caller's key: 0 if allowed, else whole seconds until one is. */
    public long secondsToWait(Caller caller) {
        Bucket bucket = buckets.computeIfAbsent(caller.keyId(), id -> new Held(caller.tenant().id(),
                bucket(caller.tenant().id()))).bucket();
        return waitOf(bucket.tryConsumeAndReturnRemaining(1));
    }

    /** Whole seconds until this address may try a key again (0: now), without taking anything. */
    public long signInWait(String address) {
        Bucket bucket = failures.get(address);
        if (bucket == null) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return nanos == 0 ? 0 : seconds(nanos);
    }

    /**
     * An address presented a key that is not valid: 0 while it is within its allowance (answer
     * 401), else the seconds until it may try again (answer 429). Taken atomically, so concurrent
     * guesses from one address get exactly the allowance of 401s.
     */
    public long failedSignIn(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(b -> b.getAvailableTokens() >= failuresPerMinute);
        }
        return waitOf(failures.computeIfAbsent(address, a -> perMinute(failuresPerMinute)).tryConsumeAndReturnRemaining(1));
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
        return perMinute(own != null ? own : defaultPerMinute);
    }

    private static Bucket perMinute(int perMinute) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    private static long waitOf(ConsumptionProbe probe) {
        return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private record Held(UUID tenantId, Bucket bucket) {
    }
}
