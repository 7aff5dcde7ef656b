package org.tenantio.importer.row;

/** One broken data-quality rule on one row: what, where, why, and how to fix it. */
public record Violation(String ruleCode, Severity severity, String field, String value, String message, String hint) {

    public enum Severity { ERROR, WARN, INFO }

    public static Violation error(String ruleCode, String field, String value, String message, String hint) {
        return new Violation(ruleCode, Severity.ERROR, field, value, message, hint);
    }

    /** An error-severity violation keeps the row out of the core: it goes to quarantine. */
    public boolean blocking() {
        return severity == Severity.ERROR;
    }
}
