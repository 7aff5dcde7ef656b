package org.tenantio.importer.parse;

import java.nio.charset.Charset;

/** What a pipeline may fix about how its files are read; null means detect or default. */
public record SourceOptions(Character delimiter, Character quote, Charset charset, String sheetName, Integer sheetIndex) {
    public static final SourceOptions DEFAULTS = new SourceOptions(null, null, null, null, null);

    CsvDialect.Overrides csv() {
        return new CsvDialect.Overrides(delimiter, quote, charset);
    }
}
