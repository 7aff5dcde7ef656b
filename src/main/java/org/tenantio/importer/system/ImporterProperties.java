package org.tenantio.importer.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Operator settings under {@code importer.*}; defaults documented in docs/operations.md. */
@ConfigurationProperties(prefix = "importer")
public record ImporterProperties(
        Path inbox,
        Path outbox,
        Path archive,
        Path rejected,
        Path mappings,
        int chunkSize,
        long maxUploadBytes,
        String bootstrapApiKey) {

    public ImporterProperties {
        inbox = orDefault(inbox, "inbox");
        outbox = orDefault(outbox, "outbox");
        archive = orDefault(archive, "data/archive");
        rejected = orDefault(rejected, "data/rejected");
        mappings = orDefault(mappings, "mappings");
        chunkSize = chunkSize > 0 ? chunkSize : 5000;
        maxUploadBytes = maxUploadBytes > 0 ? maxUploadBytes : 1L << 30;
    }

    private static Path orDefault(Path value, String fallback) {
        return (value == null ? Path.of(fallback) : value).toAbsolutePath().normalize();
    }
}
