package org.tenantio.importer.system;

/** How much of a file one row may be, and how wide a file may be. */
public record ParseLimits(long maxRowChars, int maxColumns) {
    public static final ParseLimits DEFAULT = new ParseLimits(1_000_000, 1_000);
}
