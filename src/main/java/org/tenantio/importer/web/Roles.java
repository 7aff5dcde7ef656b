package org.tenantio.importer.web;

import org.tenantio.importer.security.Caller;

/** Role checks of the API: a caller without one of the roles gets 403 naming what it may not do. */
public final class Roles {

    public static final String[] ADMINS = {"admin"};
    public static final String[] STEWARDS = {"admin", "steward"};
    public static final String[] RUN_STARTERS = {"admin", "operator", "steward"};
    public static final String[] EXPORTERS = {"admin", "operator"};
    /** Quarantined rows show values as sent, unmasked: every role but viewer. */
    public static final String[] ROW_READERS = {"admin", "steward", "operator", "analyst"};

    private Roles() {
    }

    public static void require(Caller caller, String action, String... roles) {
        if (!caller.hasAnyRole(roles)) {
            throw new ApiException(403, "forbidden", "Role '" + caller.role() + "' may not " + action);
        }
    }
}
