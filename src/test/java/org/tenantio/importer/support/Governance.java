package org.tenantio.importer.support;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tenantio.importer.tenant.RunQuotas;
import org.tenantio.importer.security.ApiKeys;

/** Keys of other roles, quotas and the platform key, for tests of who may do what and how much. */
@Component
public class Governance {

    /** The platform operator's key in the test context (importer.platform-api-key). */
    public static final String PLATFORM_KEY = "platform-key-for-tests-only-0123456789abcdef";

    private final ApiKeys keys;
    private final RunQuotas quotas;

    public Governance(ApiKeys keys, RunQuotas quotas) {
        this.keys = keys;
        this.quotas = quotas;
    }

    /** A new key of that role for the tenant. */
    public String key(UUID tenantId, String role) {
        String key = ApiKeys.generate();
        keys.store(tenantId, "test " + role, key, role);
        return key;
    }

    /** Sets the tenant's requests per minute per key; set it before the key's first request. */
    public void requestsPerMinute(UUID tenantId, int perMinute) {
        RunQuotas.Quota q = quotas.of(tenantId);
        quotas.update(tenantId, new RunQuotas.Limits(q.runsPerDay(), q.runsPerMonth(), q.maxConcurrent(), q.maxFileBytes(),
                perMinute));
    }
}
