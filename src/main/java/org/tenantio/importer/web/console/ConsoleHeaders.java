package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Console pages may load scripts, styles and images from this service only: the browser itself
 * refuses anything from another host, so the console works, and stays the same, with no internet.
 * Pages are never cached, since they show one key's view of the tenant's data.
 */
@Component
class ConsoleHeaders implements HandlerInterceptor {

    static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
        return true;
    }
}
