package org.tenantio.importer.reconcile;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A core record's stored attributes as the field-to-text map the load hashed. */
final class CanonicalFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CanonicalFields() {
    }

    static Map<String, String> read(String attributes) {
        try {
            Map<String, Object> raw = JSON.readValue(attributes, new TypeReference<Map<String, Object>>() { });
            Map<String, String> fields = new LinkedHashMap<>();
            raw.forEach((k, v) -> fields.put(k, v == null ? null : v.toString()));
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException("Stored record attributes are not JSON", e);
        }
    }
}
