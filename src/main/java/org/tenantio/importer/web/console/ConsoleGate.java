package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.security.RateLimiter;
import org.tenantio.importer.tenant.TenantRepository;
import org.tenantio.importer.system.TenantScope;
import org.tenantio.importer.system.RequestIdFilter;

/**
 * The console's door, in front of every {@code /console/} page but the sign-in: the session's key
 * must still be valid (looked up again on each request, so revocation is immediate), the request
 * counts against the key's rate limit like an API call, and every state-changing request carries
 * the session's CSRF token. The caller is then set exactly where the API's filter sets it, so the
 * console calls the API's own controllers and their role checks and audit see the same actor.
 */
@Component
class ConsoleGate implements HandlerInterceptor {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiKeys keys;
    private final TenantRepository tenants;
    private final RateLimiter rateLimiter;

    ConsoleGate(ApiKeys keys, TenantRepository tenants, RateLimiter rateLimiter) {
        this.keys = keys;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (!SAFE.contains(request.getMethod()) && !ConsoleSession.csrfMatches(request)) {
            throw new ConsoleRefusal(403, "The form has expired or did not come from this console; reload the page and try again");
        }
        if (request.getRequestURI().equals(LoginPages.PATH)) {
            return true;
        }
        ConsoleSession.SignedIn who = ConsoleSession.signedIn(request);
        Caller caller = who == null ? null : caller(who, RequestIdFilter.of(request)).orElse(null);
        if (caller == null) {
            if (request.getSession(false) != null && who != null) {
                request.getSession(false).invalidate(); // the key was revoked since sign-in
            }
            toSignIn(request, response);
            return false;
        }
        long wait = rateLimiter.secondsToWait(caller);
        if (wait > 0) {
            response.setHeader("Retry-After", String.valueOf(wait));
            throw new ConsoleRefusal(429, "Too many requests with this API key; retry in " + wait + " s");
        }
        request.setAttribute(ApiKeyFilter.CALLER, caller);
        TenantScope.enter(caller.tenant().id());
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(ApiKeyFilter.CALLER) != null) {
            TenantScope.clear();
        }
    }

    private Optional<Caller> caller(ConsoleSession.SignedIn who, String requestId) {
        return TenantScope.call(who.tenantId(), () -> keys.find(who.tenantId(), who.keyId())
                .filter(k -> k.revokedAt() == null)
                .flatMap(k -> tenants.findById(who.tenantId()).map(t -> new Caller(k.id(), t, k.role(), requestId, k.owner()))));
    }

    private static void toSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader("HX-Request") != null) {
            // htmx follows this header with a full page load instead of swapping the sign-in page into a fragment.
            response.setHeader("HX-Redirect", LoginPages.PATH);
            response.setStatus(401);
            return;
        }
        response.sendRedirect(LoginPages.PATH);
    }
}
