package org.tenantio.importer.system;

import java.util.List;
import java.util.Map;

/**
 * A request the service will not carry out, whichever capability refuses it: the HTTP status,
 * machine-readable code, readable message and per-field details the API answers with.
 */
public class Refusal extends RuntimeException {

    private final int status;
    private final String code;
    private final List<? extends Map<String, ?>> details;

    public Refusal(int status, String code, String message, List<? extends Map<String, ?>> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public Refusal(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static Refusal notFound(String what) {
        return new Refusal(404, "not_found", what + " not found");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<? extends Map<String, ?>> details() {
        return details;
    }
}
