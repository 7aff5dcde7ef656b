package org.tenantio.importer.export;

import java.util.List;
import java.util.Map;

/** An export definition that cannot run, with one entry (field path, message) per problem. */
public class ExportDefinitionException extends RuntimeException {

    private final List<Map<String, String>> problems;

    public ExportDefinitionException(String code, List<Map<String, String>> problems) {
        super("Export pipeline '" + code + "' is not valid: " + problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
    }

    public List<Map<String, String>> problems() {
        return problems;
    }
}
