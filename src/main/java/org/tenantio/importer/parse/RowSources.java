package org.tenantio.importer.parse;

import org.tenantio.importer.system.ParseLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.ImporterProperties;

/** Opens an archived input with the reader its content calls for. */
@Component
public class RowSources {

    private final ParseLimits limits;

    public RowSources(ImporterProperties properties) {
        this.limits = properties.limits().parse();
    }

    public RowSource open(Path file, InputFormat format, SourceOptions options, List<String> expectedColumns)
            throws IOException {
        if (format == InputFormat.XLSX) {
            return openXlsx(file, options);
        }
        InputStream in = Files.newInputStream(file);
        try {
            return format == InputFormat.JSON
                    ? new JsonRowSource(in, expectedColumns, limits)
                    : new CsvRowSource(in, options.csv(), limits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private RowSource openXlsx(Path file, SourceOptions options) throws IOException {
        SheetSelector sheet = options.sheetName() != null ? SheetSelector.named(options.sheetName())
                : options.sheetIndex() != null ? SheetSelector.at(options.sheetIndex()) : SheetSelector.firstVisible();
        return new XlsxRowSource(file, sheet, limits.maxColumns());
    }
}
