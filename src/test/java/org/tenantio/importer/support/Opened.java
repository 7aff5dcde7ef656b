package org.tenantio.importer.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tenantio.importer.crypto.PersonalData;

/** Values read from the tables with plain SQL, opened as the service's readers open them (encrypted fields). */
public final class Opened {

    private Opened() {
    }

    /** The row with every sealed text value decrypted. */
    public static Map<String, Object> row(PersonalData personal, Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, v instanceof String s ? personal.openValue(s) : v));
        return out;
    }
}
