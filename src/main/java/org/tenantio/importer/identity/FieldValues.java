package org.tenantio.importer.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A record's values of one field for matching: the field itself and, for multi-valued fields
 * a merge keeps as lists (emails, phones), every entry of the list. Empty values are left out.
 */
final class FieldValues {

    private FieldValues() {
    }

    static List<String> of(Map<String, ?> attributes, String field) {
        List<String> values = new ArrayList<>(2);
        add(values, attributes.get(field));
        add(values, attributes.get(field + "s"));
        return values;
    }

    static String first(Map<String, ?> attributes, String field) {
        List<String> values = of(attributes, field);
        return values.isEmpty() ? null : values.get(0);
    }

    private static void add(List<String> values, Object value) {
        if (value instanceof Collection<?> list) {
            list.forEach(v -> add(values, v));
        } else if (value != null) {
            String s = value.toString().trim();
            if (!s.isEmpty() && !values.contains(s)) {
                values.add(s);
            }
        }
    }

    /** Lower case, accents and punctuation removed, spaces collapsed: the form names are compared in. */
    static String plain(String value) {
        // One pass over the characters: this runs for every compared pair on the hot path.
        String s = ascii(value) ? value : Normalizer.normalize(value, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
                space = true;
            }
        }
        return out.toString();
    }

    private static boolean ascii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** The mailbox an address delivers to: lower case, no +tag, and gmail's dots ignored. */
    static String mailbox(String email) {
        String e = email.toLowerCase(Locale.ROOT).trim();
        int at = e.lastIndexOf('@');
        if (at < 0) {
            return e;
        }
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            domain = "gmail.com";
            local = local.replace(".", "");
        }
        return local + "@" + domain;
    }

    static String digits(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
