package org.tenantio.importer.web;

import java.util.UUID;

/** Path ids: a malformed one is a resource that does not exist, not a server error. */
final class Ids {
    private Ids() {
    }

    static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what);
        }
    }
}
