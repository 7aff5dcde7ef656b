package org.tenantio.importer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.tenantio.importer.system.CellSanitiser;

/**
 * One sheet written with POI's SXSSF: only a window of rows stays in memory, the rest goes to a
 * compressed temporary file, so a million-row export keeps a flat heap. Cells are strings, never formulas.
 */
public class XlsxExportWriter implements ExportWriter {

    private static final int WINDOW = 200;

    private final OutputStream out;
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final Sheet sheet;
    private int next;

    public XlsxExportWriter(OutputStream out) {
        this.out = out;
        workbook.setCompressTempFiles(true);
        this.sheet = workbook.createSheet("export");
    }

    @Override
    public void row(List<String> cells) {
        Row row = sheet.createRow(next++);
        for (int i = 0; i < cells.size(); i++) {
            String value = cells.get(i);
            if (value != null) {
                row.createCell(i).setCellValue(CellSanitiser.sanitise(value));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (out) {
            workbook.write(out);
        } finally {
            workbook.close();
        }
    }
}
