package org.tenantio.importer.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.quality.RowRule;
import org.tenantio.importer.row.Violation;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * The consent rules of requirements 003: CONS-601 a row that says consent is required has a
 * consent_signed_at; CONS-602 consent_state is granted, withdrawn or unknown (or a common word
 * for one of them); CONS-603 consent_signed_at is a real date or date-time, not in the future.
 * Normalises the three fields to what the core stores (see V65's trigger, which applies them).
 */
@Component
@Order(60)
public class ConsentRule implements RowRule {

    private static final Set<String> YES = Set.of("true", "yes", "y", "1");
    private static final Set<String> NO = Set.of("false", "no", "n", "0");
    /** Clocks of the systems that export files drift; a signature a few minutes ahead is not a typo. */
    private static final Duration SKEW = Duration.ofHours(24);

    private final Clock clock;

    public ConsentRule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void check(RowState row, RunContext context) {
        String state = row.fields().get(ConsentFields.STATE);
        if (state != null) {
            Optional<String> known = ConsentFields.state(state);
            if (known.isPresent()) {
                row.fields().put(ConsentFields.STATE, known.get());
            } else {
                row.violations().add(Violation.error("CONS-602", ConsentFields.STATE, state,
                        "Consent state is not granted, withdrawn or unknown",
                        "Use granted (or yes), withdrawn (or no), or leave the cell empty"));
            }
        }
        String signedAt = row.fields().get(ConsentFields.SIGNED_AT);
        if (signedAt != null) {
            Optional<Instant> at = ConsentFields.instant(signedAt);
            if (at.isEmpty() || at.get().isAfter(clock.instant().plus(SKEW))) {
                row.violations().add(Violation.error("CONS-603", ConsentFields.SIGNED_AT, signedAt,
                        at.isEmpty() ? "Consent date is not a date" : "Consent date is in the future",
                        "Give the date consent was signed as 2024-05-31 or 2024-05-31T14:00:00Z"));
            } else {
                row.fields().put(ConsentFields.SIGNED_AT, ConsentFields.text(at.get()));
            }
        }
        String required = row.fields().get(ConsentFields.REQUIRED);
        if (required != null) {
            String flag = required.strip().toLowerCase(Locale.ROOT);
            if (YES.contains(flag) || NO.contains(flag)) {
                row.fields().put(ConsentFields.REQUIRED, Boolean.toString(YES.contains(flag)));
            }
            if (YES.contains(flag) && signedAt == null) {
                row.violations().add(Violation.error("CONS-601", ConsentFields.SIGNED_AT, null,
                        "Consent is required but consent_signed_at is empty",
                        "Give the date the person signed consent, or set consent_required to false"));
            }
        }
    }
}
