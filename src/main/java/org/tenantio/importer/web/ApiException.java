package org.tenantio.importer.web;

import java.util.List;

/** A client error with its HTTP status, machine-readable code and readable message. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<?> details;

    public ApiException(int status, String code, String message, List<?> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<?> details() {
        return details;
    }
}
