package org.tenantio.importer.export;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Export settings under {@code importer.export.*}; documented in docs/operations.md. */
@ConfigurationProperties(prefix = "importer.export")
public record ExportProperties(Path files, int fetchSize, String maskingKey) {

    public ExportProperties {
        files = (files == null ? Path.of("data/exports") : files).toAbsolutePath().normalize();
        fetchSize = fetchSize > 0 ? fetchSize : 1000;
    }
}
