package org.tenantio.importer.pipeline;

import java.util.List;
import java.util.Map;

/** A pipeline request the service will not carry out, with the HTTP status the API answers. */
public class PipelineRefusal extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Map<String, String>> details;

    public PipelineRefusal(int status, String code, String message, List<Map<String, String>> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public PipelineRefusal(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Map<String, String>> details() {
        return details;
    }
}
