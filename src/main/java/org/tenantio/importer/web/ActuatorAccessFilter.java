package org.tenantio.importer.web;

import org.tenantio.importer.security.Caller;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tenantio.importer.system.RequestIdFilter;

/**
 * {@code /actuator/*} is open (a load balancer asks for the status without a key), but its
 * details (disk paths, route names, database) are for admins: a request with a tenant admin's
 * key is marked as a user in role {@code admin}, which Spring Boot's
 * {@code show-details: when-authorized} with {@code roles: admin} reads. Any other caller gets the
 * bare status; an invalid key is a failed sign-in (401, throttled per address like the API's).
 */
@Component
public class ActuatorAccessFilter extends OncePerRequestFilter {

    static final String ROLE = "admin";

    private final ApiKeyFilter keys;

    public ActuatorAccessFilter(ApiKeyFilter keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(ApiKeyFilter.HEADER);
        if (presented == null || presented.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = keys.signIn(request, response, presented, RequestIdFilter.of(request));
        if (caller == null) {
            return;
        }
        chain.doFilter(caller.isAdmin() ? new AsAdmin(request, caller) : request, response);
    }

    private static final class AsAdmin extends HttpServletRequestWrapper {
        private final Principal principal;

        AsAdmin(HttpServletRequest request, Caller caller) {
            super(request);
            this.principal = caller::actor;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return ROLE.equals(role);
        }
    }
}
