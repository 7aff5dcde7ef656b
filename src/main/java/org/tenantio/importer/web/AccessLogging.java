package org.tenantio.importer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.tenantio.importer.privacy.AccessLog;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/**
 * Writes the access log for every API read of person data, in one place rather than in each
 * controller: a JSON answer is logged before its body is written (with the records it returns
 * and how many), so a read the log cannot record fails instead of going unlogged; a streamed
 * export is logged once it has been sent (how many is then unknown). Only successful reads count.
 */
@ControllerAdvice
public class AccessLogging implements ResponseBodyAdvice<Object>, HandlerInterceptor {

    /** The endpoints that return person data, by their path pattern, and the kind of read each is. */
    static final Map<String, String> KINDS = Map.of(
            "/api/v1/records/{entityType}", "records.list",
            "/api/v1/records/{entityType}/{id}/consent", "records.consent",
            "/api/v1/duplicates", "duplicates.list",
            "/api/v1/duplicates/{id}", "duplicates.detail",
            "/api/v1/violations", "quarantine.list",
            "/api/v1/violations/{id}", "quarantine.detail",
            "/api/v1/runs/{id}/violations", "quarantine.list",
            "/api/v1/violations/export", "quarantine.export");
    private static final String LOGGED = AccessLogging.class.getName() + ".logged";

    private final AccessLog log;
    private final ObjectMapper json;

    public AccessLogging(AccessLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return !ApiExceptionHandler.class.isAssignableFrom(returnType.getContainingClass());
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (request instanceof ServletServerHttpRequest servlet && body != null) {
            HttpServletRequest http = servlet.getServletRequest();
            String kind = kind(http);
            if (kind != null) {
                JsonNode tree = json.valueToTree(body);
                List<String> ids = new ArrayList<>();
                int returned = tree.has("items") ? tree.get("items").size() : 1;
                (tree.has("items") ? tree.get("items") : json.createArrayNode().add(tree)).forEach(item -> ids(item, kind, ids));
                write(http, kind, ids, returned);
            }
        }
        return body;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        String kind = kind(request);
        if (kind != null && request.getAttribute(LOGGED) == null && ex == null && response.getStatus() < 400) {
            write(request, kind, null, null);
        }
    }

    private static String kind(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern == null ? null : KINDS.get(pattern.toString());
    }

    /** Record ids of a returned item: a record, both sides of a pair, or the run and row of a quarantined row. */
    private static void ids(JsonNode item, String kind, List<String> out) {
        if (kind.startsWith("quarantine")) {
            JsonNode v = item.has("violation") ? item.get("violation") : item;
            if (v.hasNonNull("runId")) {
                out.add(v.get("runId").asText() + ":" + v.path("rowNumber").asText());
            }
        } else if (item.has("left") || item.has("right")) {
            for (String side : List.of("left", "right")) {
                if (item.path(side).hasNonNull("id")) {
                    out.add(item.get(side).get("id").asText());
                }
            }
        } else if (item.hasNonNull("recordId")) {
            out.add(item.get("recordId").asText());
        } else if (item.hasNonNull("id")) {
            out.add(item.get("id").asText());
        }
    }

    private void write(HttpServletRequest request, String kind, List<String> ids, Integer returned) {
        if (!(request.getAttribute(ApiKeyFilter.CALLER) instanceof Caller caller)) {
            return;
        }
        request.setAttribute(LOGGED, Boolean.TRUE);
        log.record(new AccessLog.Read(caller.tenant().id(), caller.actor(), caller.role(), kind, request.getRequestURI(),
                request.getQueryString(), ids, returned, caller.requestId()));
    }
}
