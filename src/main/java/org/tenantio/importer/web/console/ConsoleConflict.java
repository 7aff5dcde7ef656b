package org.tenantio.importer.web.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tenantio.importer.system.Refusal;

/**
 * The API's refusal of a change that would overwrite later ones (an undo over a survivor changed
 * since its merge, a fix over values a newer run wrote), as a page shows it: what was refused, each
 * field changed since and by which run, so the person can decide whether to force it with a reason.
 */
record ConsoleConflict(String code, String message, List<Change> changes) {

    /** The refusals a steward or admin may override with {@code force} and a reason. */
    static final Set<String> FORCEABLE = Set.of("survivor_changed", "record_changed_since");

    record Change(String field, String message, String runId) {
    }

    static boolean forceable(Refusal refusal) {
        return refusal.status() == 409 && FORCEABLE.contains(refusal.code());
    }

    static ConsoleConflict of(Refusal refusal) {
        return new ConsoleConflict(refusal.code(), refusal.getMessage(), refusal.details().stream()
                .map(d -> new Change(text(d, "field"), text(d, "message"), text(d, "changedByRun"))).toList());
    }

    private static String text(Map<String, ?> detail, String key) {
        Object value = detail.get(key);
        return value == null ? null : value.toString();
    }
}
