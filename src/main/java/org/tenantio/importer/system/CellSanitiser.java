package org.tenantio.importer.system;

/**
 * Keeps spreadsheet programs from running a cell as a formula (CSV injection): a value that
 * starts with = + - @, tab or carriage return gets a leading apostrophe, which spreadsheets show
 * as text. Importing such a file back strips exactly that apostrophe again.
 */
public final class CellSanitiser {

    private CellSanitiser() {
    }

    public static String sanitise(String value) {
        return dangerous(value, 0) ? "'" + value : value;
    }

    public static String unsanitise(String value) {
        return value != null && value.startsWith("'") && dangerous(value, 1) ? value.substring(1) : value;
    }

    private static boolean dangerous(String value, int at) {
        if (value == null || value.length() <= at) {
            return false;
        }
        char c = value.charAt(at);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
