package org.tenantio.importer.parse;

import java.util.List;

/**
 * One data row as read from a file: its 1-based number among the data rows (the header is
 * not counted), its cell values exactly as read, and a parse problem when the row is malformed.
 */
public record SourceRow(long rowNumber, List<String> values, ParseProblem problem) {

    public static SourceRow ok(long rowNumber, List<String> values) {
        return new SourceRow(rowNumber, values, null);
    }

    public boolean malformed() {
        return problem != null;
    }
}
