package org.tenantio.importer.security;

import java.util.UUID;
import org.tenantio.importer.tenant.Tenant;

/** Who is calling the API: an API key, the tenant it belongs to, and its role. */
public record Caller(UUID keyId, Tenant tenant, String role, String requestId) {

    public String actor() {
        return "key:" + keyId;
    }

    public boolean hasAnyRole(String... roles) {
        for (String r : roles) {
            if (r.equals(role)) {
                return true;
            }
        }
        return false;
    }
}
