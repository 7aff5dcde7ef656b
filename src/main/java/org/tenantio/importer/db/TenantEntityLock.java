package org.tenantio.importer.db;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One writer per tenant and entity type at a time, for the current transaction: upserts and
 * rollbacks of the same records take the same lock, so they never interleave on a key.
 */
@Component
public class TenantEntityLock {

    private final JdbcTemplate jdbc;

    public TenantEntityLock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void acquire(UUID tenantId, String entityType) {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))", Object.class, tenantId + ":" + entityType);
    }
}
