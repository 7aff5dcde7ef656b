package org.tenantio.importer.system;

import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Says at start which database role the application logs in as, and warns when that role could
 * step out of row-level security (superuser, BYPASSRLS, or owner of the tables): then isolation
 * rests on the application alone. Warned, not refused, so an existing installation keeps running
 * while its operator creates the roles docs/operations.md describes.
 */
@Component
public class DatabaseRoleCheck {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoleCheck.class);

    private final JdbcTemplate login;

    public DatabaseRoleCheck(@Qualifier(DatabaseConfiguration.LOGIN) DataSource login) {
        this.login = new JdbcTemplate(login);
    }

    /** The login role's name and whether it can bypass row-level security. */
    public LoginRole loginRole() {
        Map<String, Object> row = login.queryForMap("""
                SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                       EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = r.rolname) AS owner
                  FROM pg_roles r WHERE r.rolname = session_user""");
        return new LoginRole((String) row.get("rolname"), (Boolean) row.get("rolsuper"),
                (Boolean) row.get("rolbypassrls"), (Boolean) row.get("owner"));
    }

    public record LoginRole(String name, boolean superuser, boolean bypassRls, boolean owner) {
        public boolean privileged() {
            return superuser || bypassRls || owner;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void report() {
        LoginRole role = loginRole();
        if (role.privileged()) {
            log.warn("The application logs in as database role '{}', which is {}: row-level security does not bind it, "
                    + "so tenant isolation rests on the application alone. Create a login role without those rights "
                    + "(docs/operations.md, \"Threat model and secrets\") and give the owner to spring.flyway.user.",
                    role.name(), role.superuser() ? "a superuser" : role.bypassRls() ? "allowed to bypass RLS" : "the tables' owner");
        } else {
            log.info("The application logs in as database role '{}' (no superuser, no BYPASSRLS, owns no table)", role.name());
        }
    }
}
