package org.tenantio.importer.web;

import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.security.PlatformAdmin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tenantio.importer.web.ApiErrors;
import org.tenantio.importer.system.RequestIdFilter;

/**
 * Tenant management ({@code /api/v1/tenants}) takes the platform key only: a tenant's own key,
 * however valid, is 403 there; no key or an unknown one is 401.
 */
@Component
public class PlatformKeyFilter extends OncePerRequestFilter {

    public static final String PATH = "/api/v1/tenants";

    private final PlatformAdmin platform;
    private final ApiKeys keys;
    private final ApiErrors errors;

    public PlatformKeyFilter(PlatformAdmin platform, ApiKeys keys, ApiErrors errors) {
        this.platform = platform;
        this.keys = keys;
        this.errors = errors;
    }

    public static boolean covers(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.equals(PATH) || uri.startsWith(PATH + "/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !covers(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(ApiKeyFilter.HEADER);
        if (presented == null || presented.isBlank()) {
            errors.write(response, 401, "unauthenticated", "Send the platform API key in the " + ApiKeyFilter.HEADER + " header");
        } else if (platform.matches(presented)) {
            chain.doFilter(request, response);
        } else if (keys.authenticate(presented.strip(), RequestIdFilter.of(request)).isPresent()) {
            errors.write(response, 403, "forbidden", "Only the platform key may manage tenants"
                    + (platform.enabled() ? "" : "; none is configured (IMPORTER_PLATFORM_API_KEY)"));
        } else {
            errors.write(response, 401, "invalid_api_key", "The API key is not valid or has been revoked");
        }
    }
}
