package org.tenantio.importer.tenant;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Tenants by code or id. */
@Component
public class TenantRepository {

    private final JdbcTemplate jdbc;

    public TenantRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Tenant> findByCode(String code) {
        return jdbc.query("SELECT id, code, name FROM tenants WHERE code = ?",
                (rs, i) -> new Tenant(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)), code)
                .stream().findFirst();
    }

    public Optional<Tenant> findById(UUID id) {
        return jdbc.query("SELECT id, code, name FROM tenants WHERE id = ?",
                (rs, i) -> new Tenant(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)), id)
                .stream().findFirst();
    }

    public Tenant create(String code, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO tenants (id, code, name) VALUES (?, ?, ?)", id, code, name);
        return new Tenant(id, code, name);
    }

    public boolean any() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM tenants)", Boolean.class));
    }
}
