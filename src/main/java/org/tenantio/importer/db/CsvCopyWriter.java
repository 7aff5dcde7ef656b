package org.tenantio.importer.db;

/**
 * Builds the text of a {@code COPY ... FROM STDIN (FORMAT csv)}: every value quoted, so an
 * empty string stays empty, and an unquoted empty field for SQL NULL.
 */
public final class CsvCopyWriter {

    private final StringBuilder out = new StringBuilder(64 * 1024);
    private boolean lineStart = true;

    public CsvCopyWriter value(Object value) {
        if (!lineStart) {
            out.append(',');
        }
        lineStart = false;
        if (value != null) {
            String s = value.toString();
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    out.append('"');
                }
                out.append(c);
            }
            out.append('"');
        }
        return this;
    }

    public CsvCopyWriter endRow() {
        out.append('\n');
        lineStart = true;
        return this;
    }

    public boolean isEmpty() {
        return out.length() == 0;
    }

    public String text() {
        return out.toString();
    }
}
