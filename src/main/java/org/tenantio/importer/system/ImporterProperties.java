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
        String bootstrapApiKey,
        Limits limits) {

    /** Limits on what one input may be; defaults documented in docs/operations.md. */
    public record Limits(long maxBatchBytes, long maxRowChars, int maxColumns) {
        public Limits {
            maxBatchBytes = maxBatchBytes > 0 ? maxBatchBytes : 10L << 20;
            maxRowChars = maxRowChars > 0 ? maxRowChars : 1_000_000;
            maxColumns = maxColumns > 0 ? maxColumns : 1_000;
        }

        public org.tenantio.importer.system.ParseLimits parse() {
            return new org.tenantio.importer.system.ParseLimits(maxRowChars, maxColumns);
        }
    }

    public ImporterProperties {
        inbox = orDefault(inbox, "inbox");
        outbox = orDefault(outbox, "outbox");
        archive = orDefault(archive, "data/archive");
        rejected = orDefault(rejected, "data/rejected");
        mappings = orDefault(mappings, "mappings");
        chunkSize = chunkSize > 0 ? chunkSize : 5000;
        maxUploadBytes = maxUploadBytes > 0 ? maxUploadBytes : 1L << 30;
        limits = limits == null ? new Limits(0, 0, 0) : limits;
    }

    private static Path orDefault(Path value, String fallback) {
        return (value == null ? Path.of(fallback) : value).toAbsolutePath().normalize();
    }
}
