package org.tenantio.importer.metrics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus}: open to scrapers on the operator's network unless
 * {@code IMPORTER_METRICS_TOKEN} is set, then only with {@code Authorization: Bearer <token>}.
 * Figures kept in the database are read just before they are served.
 */
@Component
public class ScrapeAccessFilter extends OncePerRequestFilter {

    public static final String PATH = "/actuator/prometheus";

    private final byte[] token;
    private final StoredFigures figures;

    public ScrapeAccessFilter(@Value("${importer.metrics.token:}") String token, StoredFigures figures) {
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
        this.figures = figures;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token != null && !presented(request)) {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":{\"code\":\"unauthenticated\","
                    + "\"message\":\"Send the metrics token as Authorization: Bearer <token>\",\"details\":[]}}");
            return;
        }
        figures.refresh();
        chain.doFilter(request, response);
    }

    private boolean presented(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
