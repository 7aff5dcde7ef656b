package org.tenantio.importer.parse;

/**
 * Which sheet of a workbook to read: by name (case-insensitive, as Excel compares names), or by
 * 0-based position among all sheets including hidden ones, or neither for the first visible sheet.
 */
public record SheetSelector(String name, Integer index) {

    public SheetSelector {
        if (name != null && index != null) {
            throw new IllegalArgumentException("Select a sheet by name or by index, not both");
        }
        if (index != null && index < 0) {
            throw new IllegalArgumentException("Sheet index must be 0 or more, was " + index);
        }
    }

    public static SheetSelector firstVisible() {
        return new SheetSelector(null, null);
    }

    public static SheetSelector named(String name) {
        return new SheetSelector(name, null);
    }

    public static SheetSelector at(int index) {
        return new SheetSelector(null, index);
    }
}
