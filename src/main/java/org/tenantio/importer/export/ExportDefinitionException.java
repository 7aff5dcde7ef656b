package org.tenantio.importer.export;

import java.util.List;
import java.util.Map;
import org.tenantio.importer.system.Refusal;

/** An export definition that cannot run, with one entry (field path, message) per problem: a 400. */
public class ExportDefinitionException extends Refusal {

    private final List<Map<String, String>> problems;

    public ExportDefinitionException(String code, List<Map<String, String>> problems) {
        super(400, "invalid_export_definition", "Export pipeline '" + code + "' is not valid: " + problems.size()
                + " problem(s)", problems);
        this.problems = List.copyOf(problems);
    }

    public List<Map<String, String>> problems() {
        return problems;
    }
}
