package org.tenantio.importer.web;

import org.tenantio.importer.security.RateLimiter;

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
 * Tenant management ({@code /api/v1/tenants}) and key rotation ({@code /api/v1/admin/keys}) take the platform key only: a tenant's own key,
 * however valid, is 403 there; no key or an unknown one is 401.
 */
@Component
public class PlatformKeyFilter extends OncePerRequestFilter {

    public static final String PATH = "/api/v1/tenants";
    /** Installation-wide encryption keys (KeyRotationController): the platform's too. */
    public static final String KEYS_PATH = "/api/v1/admin/keys";

    private final PlatformAdmin platform;
    private final ApiErrors errors;
    private final ApiKeyFilter tenantKeys;
    private final RateLimiter rateLimiter;

    public PlatformKeyFilter(PlatformAdmin platform, ApiErrors errors, ApiKeyFilter tenantKeys, RateLimiter rateLimiter) {
        this.platform = platform;
        this.errors = errors;
        this.tenantKeys = tenantKeys;
        this.rateLimiter = rateLimiter;
    }

    public static boolean covers(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.equals(PATH) || uri.startsWith(PATH + "/") || uri.startsWith(KEYS_PATH + "/");
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
        } else if (rateLimiter.signInWait(request.getRemoteAddr()) == 0 && platform.matches(presented)) {
            chain.doFilter(request, response);
        } else if (tenantKeys.signIn(request, response, presented, RequestIdFilter.of(request)) != null) {
            errors.write(response, 403, "forbidden", "Only the platform key may manage tenants"
                    + (platform.enabled() ? "" : "; none is configured (IMPORTER_PLATFORM_API_KEY)"));
        }
    }
}
