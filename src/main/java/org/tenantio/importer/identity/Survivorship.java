package org.tenantio.importer.identity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which value of each field the surviving record keeps when two records merge: a value beats
 * no value; a manual edit beats an import; otherwise the most recently verified source wins
 * (the survivor on a tie). A steward may choose the side per field. Emails and phones are kept
 * as lists (emails, phones) with the winner as the primary; consent is never overwritten by
 * "unknown".
 */
public final class Survivorship {

    /** Multi-valued fields: the primary value stays in the field, every value in the list beside it. */
    static final int MAX_LIST_VALUES = 10;
    static final Map<String, String> LISTS = Map.of("email", "emails", "phone", "phones");
    /** Fields derived from another one: they follow the side their source came from. */
    static final Map<String, String> DERIVED = Map.of("email_match", "email");

    private Survivorship() {
    }

    /** One side of a merge: its attributes, whether a person edited them, and when they were last verified. */
    public record Source(Map<String, Object> attributes, boolean manual, OffsetDateTime verifiedAt, String consentState) {
    }

    public enum Side { SURVIVOR, MERGED }

    /** The survivor's attributes after the merge; choices name the side that wins a field, where a steward chose. */
    public static Map<String, Object> attributes(Source survivor, Source merged, Map<String, Side> choices) {
        Set<String> fields = new LinkedHashSet<>(survivor.attributes().keySet());
        fields.addAll(merged.attributes().keySet());
        fields.removeAll(LISTS.values());
        fields.removeAll(DERIVED.keySet());
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Side> winners = new LinkedHashMap<>();
        for (String field : fields) {
            Side side = winner(field, survivor, merged, choices.get(field));
            winners.put(field, side);
            Object value = (side == Side.SURVIVOR ? survivor : merged).attributes().get(field);
            if (value != null) {
                out.put(field, value);
            }
        }
        DERIVED.forEach((derived, source) -> {
            Source from = winners.getOrDefault(source, Side.SURVIVOR) == Side.SURVIVOR ? survivor : merged;
            Object value = from.attributes().get(derived);
            if (value != null) {
                out.put(derived, value);
            }
        });
        LISTS.forEach((field, list) -> {
            List<String> values = new ArrayList<>();
            Object primary = out.get(field);
            if (primary != null) {
                values.add(primary.toString());
            }
            for (Source s : List.of(survivor, merged)) {
                FieldValues.of(s.attributes(), field).stream().filter(v -> !values.contains(v)).forEach(values::add);
            }
            if (values.size() > 1) {
                // Bounded: a record that absorbs many others keeps a usable list (and merge_log rows
                // a bounded size); values beyond it stay in the merged records' before-images.
                out.put(list, values.size() > MAX_LIST_VALUES ? List.copyOf(values.subList(0, MAX_LIST_VALUES)) : values);
            }
        });
        return out;
    }

    private static Side winner(String field, Source survivor, Source merged, Side chosen) {
        boolean hasS = present(survivor.attributes().get(field));
        boolean hasM = present(merged.attributes().get(field));
        if (chosen != null && (chosen == Side.SURVIVOR ? hasS : hasM)) {
            return chosen;
        }
        if (hasS != hasM) {
            return hasS ? Side.SURVIVOR : Side.MERGED;
        }
        if (survivor.manual() != merged.manual()) {
            return survivor.manual() ? Side.SURVIVOR : Side.MERGED;
        }
        return newer(merged, survivor) ? Side.MERGED : Side.SURVIVOR;
    }

    /** Consent: a known state beats unknown; between two known states the more recently verified wins. */
    public static String consent(Source survivor, Source merged) {
        boolean knownS = known(survivor.consentState());
        boolean knownM = known(merged.consentState());
        if (knownS != knownM) {
            return knownS ? survivor.consentState() : merged.consentState();
        }
        return knownM && newer(merged, survivor) ? merged.consentState() : survivor.consentState();
    }

    private static boolean known(String state) {
        return state != null && !state.equals("unknown");
    }

    private static boolean newer(Source a, Source b) {
        return a.verifiedAt() != null && (b.verifiedAt() == null || a.verifiedAt().isAfter(b.verifiedAt()));
    }

    private static boolean present(Object value) {
        return value != null && !value.toString().isBlank();
    }
}
