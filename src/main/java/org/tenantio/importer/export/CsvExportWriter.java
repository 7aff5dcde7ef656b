package org.tenantio.importer.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tenantio.importer.system.CellSanitiser;

/** RFC 4180 CSV in UTF-8, one record per row, written straight through. */
public class CsvExportWriter implements ExportWriter {

    private final CSVPrinter printer;

    public CsvExportWriter(OutputStream out) {
        try {
            this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16),
                    CSVFormat.RFC4180);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void row(List<String> cells) throws IOException {
        printer.printRecord(cells.stream().map(CellSanitiser::sanitise).toList());
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
