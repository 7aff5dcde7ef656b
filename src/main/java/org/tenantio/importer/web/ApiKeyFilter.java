package org.tenantio.importer.web;

import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.security.RateLimiter;

import org.tenantio.importer.system.RequestIdFilter;

import org.tenantio.importer.system.TenantScope;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tenantio.importer.web.ApiErrors;

/** Every {@code /api/} request needs a valid {@code X-API-Key}; the key decides the tenant. */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String CALLER = "importer.caller";
    public static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final ApiErrors errors;
    private final RateLimiter rateLimiter;
    private final org.tenantio.importer.metrics.Rejections rejections;

    public ApiKeyFilter(ApiKeys keys, ApiErrors errors, RateLimiter rateLimiter,
            org.tenantio.importer.metrics.Rejections rejections) {
        this.rejections = rejections;
        this.keys = keys;
        this.errors = errors;
        this.rateLimiter = rateLimiter;
    }

    private org.tenantio.importer.alerting.CredentialAlerts credentialAlerts;

    /** Optional so the filter needs no alerting to work; set by Spring when the service runs. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void credentialAlerts(org.tenantio.importer.alerting.CredentialAlerts credentialAlerts) {
        this.credentialAlerts = credentialAlerts;
    }

    /** A refused key of a known tenant is that tenant's credentials alert; telling it never changes the 401. */
    private void alertRefusedKey(String presented) {
        if (credentialAlerts == null) {
            return;
        }
        try {
            keys.claimedBy(presented).ifPresent(claim -> credentialAlerts.keyRefused(claim.getKey(), claim.getValue()));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ApiKeyFilter.class).warn("A credentials alert could not be raised: {}",
                    e.getClass().getName());
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The API description is public: clients read it before they have a key.
        return !request.getRequestURI().startsWith("/api/")
                || org.tenantio.importer.web.OpenApiController.PATH.equals(request.getRequestURI())
                || PlatformKeyFilter.covers(request); // the platform key's own door
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null || presented.isBlank()) {
            errors.write(response, 401, "unauthenticated", "Send an API key in the " + HEADER + " header");
            return;
        }
        String requestId = org.tenantio.importer.system.RequestIdFilter.of(request);
        Caller caller = signIn(request, response, presented, requestId);
        if (caller == null) {
            return;
        }
        long wait = rateLimiter.secondsToWait(caller);
        if (wait > 0) {
            rejections.rateLimited(caller.tenant());
            errors.tooMany(response, wait, "rate_limited", "Too many requests with this API key; retry in " + wait + " s");
            return;
        }
        request.setAttribute(CALLER, caller);
        // Every query of this request runs for the caller's tenant (row-level security).
        TenantScope.enter(caller.tenant().id());
        try {
            chain.doFilter(request, response);
        } finally {
            TenantScope.clear();
        }
    }

    /**
     * The caller a presented key stands for, or null with the answer written: 401 for a bad key,
     * 429 once the client's address has failed too often (then its keys are not even looked up).
     */
    Caller signIn(HttpServletRequest request, HttpServletResponse response, String presented, String requestId)
            throws IOException {
        String address = request.getRemoteAddr();
        long wait = rateLimiter.signInWait(address);
        if (wait == 0) {
            Caller caller = keys.authenticate(presented.strip(), requestId).orElse(null);
            if (caller != null) {
                return caller;
            }
            wait = rateLimiter.failedSignIn(address);
            alertRefusedKey(presented);
            if (wait == 0) {
                errors.write(response, 401, "invalid_api_key", "The API key is not valid or has been revoked");
                return null;
            }
        }
        errors.tooMany(response, wait, "too_many_failed_sign_ins",
                "Too many invalid API keys from this address; retry in " + wait + " s");
        return null;
    }
}
