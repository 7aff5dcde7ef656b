package org.tenantio.importer.mapping;

import org.tenantio.importer.row.ColumnMapping;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.text.WordUtils;

/** The simple, declarative value transforms a mapping may name. */
public final class ValueTransforms {

    public static final List<String> KNOWN = List.of("trim", "lower", "upper", "title", "date");

    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

    private ValueTransforms() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    /** Applies the column's transforms in order; a date that matches no format is left as it was. */
    public static String apply(ColumnMapping column, String value) {
        String v = value;
        for (String t : column.transforms()) {
            if (v == null) {
                return null;
            }
            v = switch (t) {
                case "trim" -> v.strip();
                case "lower" -> v.toLowerCase(Locale.ROOT);
                case "upper" -> v.toUpperCase(Locale.ROOT);
                case "title" -> WordUtils.capitalizeFully(v, ' ', '-', '\'');
                case "date" -> toIsoDate(v, column.dateFormats());
                default -> throw new MappingException("Unknown transform '" + t + "'");
            };
        }
        return v;
    }

    static String toIsoDate(String value, List<String> formats) {
        String v = value.strip();
        List<String> patterns = formats.isEmpty() ? List.of("uuuu-MM-dd") : formats;
        for (String pattern : patterns) {
            try {
                return LocalDate.parse(v, formatter(pattern)).toString();
            } catch (DateTimeParseException e) {
                // try the next accepted format
            }
        }
        return v;
    }

    private static DateTimeFormatter formatter(String pattern) {
        // STRICT so 31/02 is rejected instead of silently becoming 28/02; 'uuuu' keeps STRICT usable.
        return FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p.replace("yyyy", "uuuu"), Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT));
    }
}
