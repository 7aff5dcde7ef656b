package org.tenantio.importer.security;

import java.util.UUID;
import org.tenantio.importer.tenant.Tenant;

/**
 * Who is calling the API: an API key, the tenant it belongs to, its role, and the person or
 * service the key belongs to ({@code owner}): four-eyes checks compare owners, not keys.
 */
public record Caller(UUID keyId, Tenant tenant, String role, String requestId, String owner) {

    public boolean isAdmin() {
        return "admin".equals(role);
    }

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
