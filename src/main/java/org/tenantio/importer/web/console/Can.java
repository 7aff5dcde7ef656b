package org.tenantio.importer.web.console;

import org.tenantio.importer.security.Caller;
import org.tenantio.importer.web.Roles;

/**
 * Which actions a page offers the caller: the API's own role lists, so a button shows exactly when
 * the API would accept the call behind it (and the call is checked again by the API's code anyway).
 */
public record Can(boolean startRuns, boolean steward, boolean readRows, boolean author, boolean admin) {

    static Can of(Caller caller) {
        return new Can(caller.hasAnyRole(Roles.RUN_STARTERS), caller.hasAnyRole(Roles.STEWARDS),
                caller.hasAnyRole(Roles.ROW_READERS), caller.hasAnyRole(AUTHORS), caller.hasAnyRole(Roles.ADMINS));
    }

    /** Who may define pipelines and their mappings (the API's PipelineDefinitionsController). */
    static final String[] AUTHORS = {"admin", "operator"};
}
