package org.tenantio.importer.tenant;

import java.util.UUID;

/** An organisation whose data the service holds. */
public record Tenant(UUID id, String code, String name) {
}
