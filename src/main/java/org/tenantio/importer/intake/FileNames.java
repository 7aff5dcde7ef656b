package org.tenantio.importer.intake;

import java.util.Locale;

/** File names from outside made safe to store: no path, no control characters, bounded length. */
public final class FileNames {
    private FileNames() {
    }

    public static String safe(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder sb = new StringBuilder();
        base.codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '_' : cp));
        String cleaned = sb.toString().strip();
        if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
            cleaned = "upload";
        }
        return cleaned.length() > 120 ? cleaned.substring(cleaned.length() - 120) : cleaned;
    }

    /** The lower-case extension without the dot, or "" when there is none. */
    public static String extension(String name) {
        String safe = safe(name);
        int dot = safe.lastIndexOf('.');
        return dot < 0 ? "" : safe.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
