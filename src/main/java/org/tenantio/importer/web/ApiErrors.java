package org.tenantio.importer.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** The one error shape of the API: {"error":{"code","message","details":[...]}}. */
@Component
public class ApiErrors {

    private final ObjectMapper json;

    public ApiErrors(ObjectMapper json) {
        this.json = json;
    }

    public static Map<String, Object> body(String code, String message, List<?> details) {
        return Map.of("error", Map.of("code", code, "message", message, "details", details == null ? List.of() : details));
    }

    /** 429 with the Retry-After every 429 of the API carries. */
    public void tooMany(HttpServletResponse response, long retryAfterSeconds, String code, String message) throws IOException {
        response.setHeader("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds)));
        write(response, 429, code, message);
    }

    /** For filters, which answer before any controller or advice runs. */
    public void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(code, message, List.of()));
    }
}
