package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.codec.language.Soundex;

/**
 * Computes a record's blocking keys from its attributes: one value per key whose parts are all
 * present (and one per combination where a part has several values, such as a merged record's
 * emails). Records that share a key value are compared; no other pair ever is. Parts are parsed
 * once per distinct part text (this runs for every row), without regular expressions.
 */
public final class BlockingKeys {

    private static final Soundex SOUNDEX = new Soundex();
    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();
    private static final Set<String> FUNCTIONS = Set.of("", "lower", "soundex", "soundexset", "metaphone", "initial",
            "year", "digits");
    private static final Map<String, Part> PARTS = new ConcurrentHashMap<>();

    private BlockingKeys() {
    }

    /** A key of one record: its type (the blocking key's name) and value. */
    public record Key(String type, String value) {
    }

    /** One parsed part: a function of one field, or of several fields joined by spaces (a+b). */
    private record Part(String function, List<String> fields) {
    }

    public static Set<Key> of(MatchRules rules, Map<String, ?> attributes) {
        Set<Key> keys = new LinkedHashSet<>();
        for (MatchRules.BlockingKey key : rules.blocking()) {
            List<String> values = List.of("");
            for (String part : key.parts()) {
                List<String> partValues = part(PARTS.computeIfAbsent(part, BlockingKeys::parse), attributes);
                List<String> combined = new ArrayList<>(partValues.size() * values.size());
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

    private static Part parse(String text) {
        String part = text.trim();
        int open = part.indexOf('(');
        String function = open < 0 ? "" : part.substring(0, open);
        String inner = open < 0 ? part : part.endsWith(")") ? part.substring(open + 1, part.length() - 1) : "";
        List<String> fields = List.of(inner.split("\\+"));
        boolean wellFormed = !inner.isEmpty() && fields.stream().allMatch(BlockingKeys::isName) && isLetters(function);
        if (!wellFormed) {
            throw new IllegalArgumentException("Blocking key part '" + text + "' is not field or function(field)");
        }
        if (!FUNCTIONS.contains(function)) {
            throw new IllegalArgumentException("Unknown blocking function '" + function + "'");
        }
        return new Part(function, fields);
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }

    private static boolean isLetters(String s) {
        return s.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    private static List<String> part(Part part, Map<String, ?> attributes) {
        String field = part.fields().get(0);
        List<String> raw;
        if (part.fields().size() == 1) {
            raw = FieldValues.of(attributes, field);
        } else {
            List<String> present = part.fields().stream().map(f -> FieldValues.first(attributes, f))
                    .filter(java.util.Objects::nonNull).toList();
            raw = present.isEmpty() ? List.of() : List.of(String.join(" ", present));
        }
        List<String> out = new ArrayList<>(raw.size());
        for (String value : raw) {
            String v = apply(part.function(), field, value);
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
            case "soundexset" -> soundexSet(plain);
            case "metaphone" -> METAPHONE.doubleMetaphone(plain.replace(" ", ""));
            case "initial" -> plain.isEmpty() ? null : plain.substring(0, 1);
            case "year" -> value.length() >= 4 && value.substring(0, 4).chars().allMatch(Character::isDigit)
                    ? value.substring(0, 4) : null;
            case "digits" -> FieldValues.digits(value);
            default -> throw new IllegalArgumentException("Unknown blocking function '" + function + "'");
        };
    }

    /** The sorted soundex codes of the words: the same for "jon smith" and "smith jon" (names entered the wrong way round). */
    private static String soundexSet(String plain) {
        java.util.TreeSet<String> codes = new java.util.TreeSet<>();
        int start = 0;
        for (int i = 0; i <= plain.length(); i++) {
            if (i == plain.length() || plain.charAt(i) == ' ') {
                String code = i > start ? soundex(plain.substring(start, i)) : null;
                if (code != null) {
                    codes.add(code);
                }
                start = i + 1;
            }
        }
        return codes.isEmpty() ? null : String.join(" ", codes);
    }

    private static String soundex(String plain) {
        StringBuilder letters = new StringBuilder(plain.length());
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c >= 'a' && c <= 'z') {
                letters.append(c);
            }
        }
        return letters.isEmpty() ? null : SOUNDEX.soundex(letters.toString());
    }
}
