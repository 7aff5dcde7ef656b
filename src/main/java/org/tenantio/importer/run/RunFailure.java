package org.tenantio.importer.run;

import java.util.List;
import java.util.Map;

/**
 * A reason a run cannot go on that the user can act on: the message and details are shown
 * on the run as they are.
 */
public class RunFailure extends RuntimeException {

    private final String code;
    private final Map<String, List<String>> details;

    public RunFailure(String code, String message, Map<String, List<String>> details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public RunFailure(String code, String message) {
        this(code, message, Map.of());
    }

    public String code() {
        return code;
    }

    public Map<String, List<String>> details() {
        return details;
    }
}
