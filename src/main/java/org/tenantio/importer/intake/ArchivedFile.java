package org.tenantio.importer.intake;

/** A file kept in the archive: where (relative to the archive root), its sha-256 and size. */
public record ArchivedFile(String ref, String sha256, long sizeBytes) {
}
