package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import java.time.Clock;
import java.time.LocalDate;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * DOM-202: a graduation year must be a whole year from {@value #YEARS_BACK} years ago to
 * {@value #YEARS_AHEAD} years ahead of the current year (inclusive).
 */
@Component
@Order(32)
public class GraduationYearRule implements RowRule {

    static final int YEARS_BACK = 50;
    static final int YEARS_AHEAD = 10;

    private final Clock clock;

    public GraduationYearRule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void check(RowState row, RunContext context) {
        String value = row.fields().get(PersonFields.GRADUATION_YEAR);
        if (value == null) {
            return;
        }
        int year;
        try {
            year = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            row.violations().add(Violation.error("DOM-202", PersonFields.GRADUATION_YEAR, value,
                    "Graduation year is not a whole number",
                    "Give the year with four digits, e.g. 2019"));
            return;
        }
        row.fields().put(PersonFields.GRADUATION_YEAR, Integer.toString(year));
        int current = LocalDate.now(clock).getYear();
        if (year < current - YEARS_BACK || year > current + YEARS_AHEAD) {
            row.violations().add(Violation.error("DOM-202", PersonFields.GRADUATION_YEAR, value,
                    "Graduation year " + year + " is outside the allowed range " + (current - YEARS_BACK)
                            + " to " + (current + YEARS_AHEAD),
                    "Check the year; a two-digit year or a birth year in this column are the usual causes"));
        }
    }
}
