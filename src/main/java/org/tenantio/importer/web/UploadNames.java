package org.tenantio.importer.web;

import java.util.Optional;
import org.springframework.http.ContentDisposition;

/** The file name a client gave an upload in its Content-Disposition header, if any. */
final class UploadNames {
    private UploadNames() {
    }

    static Optional<String> fromDisposition(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(ContentDisposition.parse(header).getFilename()).filter(n -> !n.isBlank());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
