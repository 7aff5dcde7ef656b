package org.tenantio.importer.web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Time bounds in query parameters: ISO-8601 with an offset, or a 400 naming the parameter. */
final class Times {
    private Times() {
    }

    static OffsetDateTime parse(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_time", name + " must be an ISO-8601 time with an offset",
                    List.of(Map.of("field", name, "message", "e.g. 2026-11-22T00:00:00Z")));
        }
    }
}
