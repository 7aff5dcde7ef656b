package org.tenantio.importer.mapping;

import org.tenantio.importer.row.MappingDefinition;

import org.tenantio.importer.row.HeaderLayout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * For columns a mapping does not know, the canonical field each most likely means: a header
 * a person would recognise (Zip, E-mail Address, Surname) or one spelt nearly like a field.
 * Only suggested in the run's schema-drift report, never applied.
 */
public final class HeaderSuggestions {

    static final double THRESHOLD = 0.88;
    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();

    /** Common names for the person contract's fields, normalised (lower case, words split by spaces). */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("zip", "postal_code"), Map.entry("zip code", "postal_code"), Map.entry("zipcode", "postal_code"),
            Map.entry("postcode", "postal_code"), Map.entry("post code", "postal_code"),
            Map.entry("e mail", "email"), Map.entry("e mail address", "email"), Map.entry("email address", "email"),
            Map.entry("mail", "email"), Map.entry("mobile", "phone"), Map.entry("mobile phone", "phone"),
            Map.entry("telephone", "phone"), Map.entry("tel", "phone"), Map.entry("phone number", "phone"),
            Map.entry("cell", "phone"), Map.entry("surname", "last_name"), Map.entry("family name", "last_name"),
            Map.entry("given name", "first_name"), Map.entry("forename", "first_name"), Map.entry("dob", "date_of_birth"),
            Map.entry("birth date", "date_of_birth"), Map.entry("birthdate", "date_of_birth"),
            Map.entry("birthday", "date_of_birth"), Map.entry("address", "street"), Map.entry("address 1", "street"),
            Map.entry("address line 1", "street"), Map.entry("town", "city"), Map.entry("county", "state"),
            Map.entry("province", "state"), Map.entry("region", "state"));

    private HeaderSuggestions() {
    }

    public record Suggestion(String column, String field, double score) {
    }

    public static List<Suggestion> suggest(HeaderLayout layout, MappingDefinition mapping) {
        Set<String> unused = new LinkedHashSet<>();
        mapping.columns().stream().filter(c -> !layout.positions().containsKey(c)).forEach(c -> unused.add(c.field()));
        List<Suggestion> out = new ArrayList<>();
        for (String column : layout.unmapped()) {
            best(column, unused).ifPresent(out::add);
        }
        return out;
    }

    static java.util.Optional<Suggestion> best(String column, Set<String> fields) {
        String words = words(column);
        String known = KNOWN.get(words);
        if (known != null && fields.contains(known)) {
            return java.util.Optional.of(new Suggestion(column, known, 0.95));
        }
        String compact = words.replace(" ", "");
        return fields.stream()
                .map(f -> new Suggestion(column, f, round(SIMILARITY.apply(compact, words(f).replace(" ", "")))))
                .filter(s -> s.score() >= THRESHOLD)
                .max(Comparator.comparingDouble(Suggestion::score));
    }

    static String words(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static double round(double score) {
        return Math.round(score * 100) / 100.0;
    }
}
