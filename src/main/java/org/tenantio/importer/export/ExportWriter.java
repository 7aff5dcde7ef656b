package org.tenantio.importer.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes an export's rows as they stream from the database; every cell is sanitised against formula injection. */
public interface ExportWriter extends Closeable {

    void row(List<String> cells) throws IOException;

    static ExportWriter open(String format, OutputStream out) {
        return "xlsx".equals(format) ? new XlsxExportWriter(out) : new CsvExportWriter(out);
    }
}
