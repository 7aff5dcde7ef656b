package org.tenantio.importer.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The formats the service reads, told apart by content: an .xlsx is a zip, whatever its name says. */
public enum InputFormat {
    CSV, XLSX, JSON;

    private static final byte[] ZIP = {'P', 'K', 3, 4};

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file's format by its first bytes; the name only separates JSON batches, which intake names itself. */
    public static InputFormat of(Path file, String name) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(ZIP.length);
        }
        if (java.util.Arrays.equals(head, ZIP)) {
            return XLSX;
        }
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xlsx") || lower.endsWith(".xlsm")) {
            throw new FileFormatException("The file is named like an Excel workbook but is not one (an .xlsx is a zip archive)");
        }
        return lower.endsWith(".json") || lower.endsWith(".ndjson") ? JSON : CSV;
    }
}
