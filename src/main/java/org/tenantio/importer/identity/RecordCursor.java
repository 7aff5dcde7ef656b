package org.tenantio.importer.identity;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The position after the last record of a page, in the listing's order (created, row number,
 * id): the next page starts strictly after it, so each page costs the same however deep it is.
 * Opaque to clients (base64url); a cursor that does not decode is {@link Optional#empty()}.
 */
public record RecordCursor(OffsetDateTime createdAt, long rowNumber, UUID id) {

    public String encode() {
        String plain = createdAt + "|" + rowNumber + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<RecordCursor> decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new RecordCursor(OffsetDateTime.parse(parts[0]), Long.parseLong(parts[1]),
                    UUID.fromString(parts[2])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
