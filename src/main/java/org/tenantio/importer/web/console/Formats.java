package org.tenantio.importer.web.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.springframework.stereotype.Component;

/** How the console writes times, durations and counts (used from the templates as {@code @consoleFormats}). */
@Component("consoleFormats")
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    public String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    public String duration(OffsetDateTime start, OffsetDateTime end) {
        if (start == null) {
            return "";
        }
        return seconds(Duration.between(start, end == null ? OffsetDateTime.now() : end).toMillis() / 1000.0);
    }

    public String seconds(Object value) {
        if (value == null) {
            return "";
        }
        double s = ((Number) value).doubleValue();
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
        }
        long whole = Math.round(s);
        return whole >= 3600 ? String.format("%d h %02d min", whole / 3600, (whole % 3600) / 60)
                : String.format("%d min %02d s", whole / 60, whole % 60);
    }

    public long count(Map<String, Object> counts, String key) {
        Object v = counts == null ? null : counts.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    public int size(Object list) {
        return list instanceof Collection<?> c ? c.size() : 0;
    }

    public String shortId(Object id) {
        String s = String.valueOf(id);
        return s.length() > 8 ? s.substring(0, 8) : s;
    }

    public String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }
}
