package org.tenantio.importer.intake;

/** Intake will not start a run for this input; code and status say why to API clients. */
public class IntakeRefusal extends RuntimeException {

    private final int status;
    private final String code;

    public IntakeRefusal(int status, String code, String message) {
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
