package org.tenantio.importer.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The consent fields of the contract and the values they accept, shared by the row rule and the API. */
public final class ConsentFields {

    public static final String STATE = "consent_state";
    public static final String SIGNED_AT = "consent_signed_at";
    public static final String SOURCE = "consent_source";
    public static final String REQUIRED = "consent_required";

    public static final String GRANTED = "granted";
    public static final String WITHDRAWN = "withdrawn";
    public static final String UNKNOWN = "unknown";

    /** The words files use for consent, mapped to the three states. */
    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("granted", GRANTED), Map.entry("given", GRANTED), Map.entry("yes", GRANTED),
            Map.entry("y", GRANTED), Map.entry("true", GRANTED), Map.entry("opt-in", GRANTED),
            Map.entry("withdrawn", WITHDRAWN), Map.entry("revoked", WITHDRAWN), Map.entry("no", WITHDRAWN),
            Map.entry("n", WITHDRAWN), Map.entry("false", WITHDRAWN), Map.entry("opt-out", WITHDRAWN),
            Map.entry("unknown", UNKNOWN));

    private ConsentFields() {
    }

    /** The state a value names, or empty when it names none. */
    public static Optional<String> state(String value) {
        return value == null ? Optional.empty()
                : Optional.ofNullable(STATES.get(value.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * An instant from an ISO date-time with offset, a local date-time (read as UTC) or a date
     * (its start, UTC); empty when the value is none of these.
     */
    public static Optional<Instant> instant(String value) {
        String v = value.strip();
        try {
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(v).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant());
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
    }

    /** The canonical text of an instant, to the second: what the core and exports hold. */
    public static String text(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
