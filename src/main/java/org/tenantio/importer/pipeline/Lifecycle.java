package org.tenantio.importer.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The governance lifecycle of a pipeline: which status may follow which, and who may move it.
 * draft → requested → reviewed → approved → active; active ⇄ restricted | suspended;
 * → deprecated → archived. Requested, reviewed and approved may be sent back to draft.
 * Restricted and suspended both refuse new runs: restricted is the compliance hold (a data
 * protection review, say), suspended the operational stop.
 */
public final class Lifecycle {

    public static final String DRAFT = "draft";
    public static final String REQUESTED = "requested";
    public static final String REVIEWED = "reviewed";
    public static final String APPROVED = "approved";
    public static final String ACTIVE = "active";
    public static final String RESTRICTED = "restricted";
    public static final String SUSPENDED = "suspended";
    public static final String DEPRECATED = "deprecated";
    public static final String ARCHIVED = "archived";

    private static final Map<String, List<String>> NEXT = Map.of(
            DRAFT, List.of(REQUESTED),
            REQUESTED, List.of(REVIEWED, DRAFT),
            REVIEWED, List.of(APPROVED, DRAFT),
            APPROVED, List.of(ACTIVE, DRAFT),
            ACTIVE, List.of(RESTRICTED, SUSPENDED, DEPRECATED),
            RESTRICTED, List.of(ACTIVE, SUSPENDED, DEPRECATED),
            SUSPENDED, List.of(ACTIVE, DEPRECATED),
            DEPRECATED, List.of(ARCHIVED),
            ARCHIVED, List.of());

    /**
     * A new definition of a pipeline in one of these goes back to draft and stops (no runs, no
     * schedule) until it is requested, reviewed and approved again: what was approved is not
     * what is now stored, and an active export must never run a definition nobody approved.
     */
    public static final Set<String> REDEFINED_TO_DRAFT = Set.of(REQUESTED, REVIEWED, APPROVED, ACTIVE, RESTRICTED,
            SUSPENDED);
    /** Retiring or retired: no new definition. */
    public static final Set<String> FROZEN = Set.of(DEPRECATED, ARCHIVED);

    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> OPERATORS = Set.of("admin", "operator");

    private Lifecycle() {
    }

    public static Set<String> statuses() {
        return NEXT.keySet();
    }

    public static List<String> allowedFrom(String status) {
        return NEXT.getOrDefault(status, List.of());
    }

    /** Roles that may move a pipeline into the target status: review, approval and retirement are the admin's. */
    public static Set<String> rolesFor(String target) {
        return switch (target) {
            case REVIEWED, APPROVED, DEPRECATED, ARCHIVED -> ADMIN;
            default -> OPERATORS;
        };
    }
}
