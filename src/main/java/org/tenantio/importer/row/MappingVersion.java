package org.tenantio.importer.row;

import org.tenantio.importer.row.MappingDefinition;

/** A mapping as a run used it: its content, parsed, and the version number that content has. */
public record MappingVersion(int version, String checksum, MappingDefinition definition) {
}
