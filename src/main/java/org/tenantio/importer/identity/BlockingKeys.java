package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.codec.language.Soundex;

/**
 * Computes a record's blocking keys from its attributes: one value per key whose parts are all
 * present (and one per combination where a part has several values, such as a merged record's
 * emails). Records that share a key value are compared; no other pair ever is.
 */
public final class BlockingKeys {

    private static final Pattern PART = Pattern.compile("([a-z]+)\\(([a-z_0-9]+)\\)|([a-z_0-9]+)");
    private static final Soundex SOUNDEX = new Soundex();
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    private BlockingKeys() {
    }

    /** A key of one record: its type (the blocking key's name) and value. */
    public record Key(String type, String value) {
    }

    public static Set<Key> of(MatchRules rules, Map<String, ?> attributes) {
        Set<Key> keys = new LinkedHashSet<>();
        for (MatchRules.BlockingKey key : rules.blocking()) {
            List<String> values = List.of("");
            for (String part : key.parts()) {
                List<String> partValues = part(part, attributes);
                List<String> combined = new ArrayList<>();
                for (String prefix : values) {
                    for (String v : partValues) {
                        combined.add(prefix.isEmpty() ? v : prefix + "|" + v);
                    }
                }
                values = combined;
            }
            values.forEach(v -> keys.add(new Key(key.name(), v)));
        }
        return keys;
    }

    private static List<String> part(String part, Map<String, ?> attributes) {
        Matcher m = PART.matcher(part.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Blocking key part '" + part + "' is not field or function(field)");
        }
        String function = m.group(1) == null ? "" : m.group(1);
        String field = m.group(1) == null ? m.group(3) : m.group(2);
        List<String> out = new ArrayList<>(1);
        for (String value : FieldValues.of(attributes, field)) {
            String v = apply(function, field, value);
            if (v != null && !v.isEmpty() && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    static String apply(String function, String field, String value) {
        String plain = field.startsWith("email") ? FieldValues.mailbox(value) : FieldValues.plain(value);
        return switch (function) {
            case "" , "lower" -> plain;
            case "soundex" -> soundex(plain);
            case "metaphone" -> METAPHONE.doubleMetaphone(plain.replace(" ", ""));
            case "initial" -> plain.isEmpty() ? null : plain.substring(0, 1);
            case "year" -> value.length() >= 4 && value.substring(0, 4).chars().allMatch(Character::isDigit)
                    ? value.substring(0, 4) : null;
            case "digits" -> FieldValues.digits(value);
            default -> throw new IllegalArgumentException("Unknown blocking function '" + function + "'");
        };
    }

    private static String soundex(String plain) {
        String letters = plain.replaceAll("[^a-z]", "");
        return letters.isEmpty() ? null : SOUNDEX.soundex(letters);
    }
}
