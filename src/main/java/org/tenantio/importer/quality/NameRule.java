package org.tenantio.importer.quality;

import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** Normaliser: first and last names trimmed, runs of whitespace made one space; letters are left exactly as sent. */
@Component
@Order(7)
public class NameRule implements RowRule {

    // (?U): Unicode whitespace too, such as the no-break spaces that spreadsheets paste in.
    private static final Pattern WHITESPACE = Pattern.compile("(?U)\\s+");

    @Override
    public void check(RowState row, RunContext context) {
        row.fields().computeIfPresent(PersonFields.FIRST_NAME, (k, v) -> tidy(v));
        row.fields().computeIfPresent(PersonFields.LAST_NAME, (k, v) -> tidy(v));
    }

    private static String tidy(String name) {
        return WHITESPACE.matcher(name).replaceAll(" ").strip();
    }
}
