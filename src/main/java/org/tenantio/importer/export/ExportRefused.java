package org.tenantio.importer.export;

/** A request about exports that cannot be met, with the HTTP status and code the API answers. */
public class ExportRefused extends RuntimeException {

    private final int status;
    private final String code;

    public ExportRefused(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
