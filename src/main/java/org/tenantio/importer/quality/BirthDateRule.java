package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * DOM-201: a date of birth must be a real date (ISO after mapping), not in the future, and give
 * an age of {@value #MIN_AGE} to {@value #MAX_AGE} years (inclusive) on the day the rule runs.
 */
@Component
@Order(40)
public class BirthDateRule implements RowRule {

    static final int MIN_AGE = 10;
    static final int MAX_AGE = 110;

    private final Clock clock;

    public BirthDateRule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void check(RowState row, RunContext context) {
        String value = row.fields().get(PersonFields.DATE_OF_BIRTH);
        if (value == null) {
            return;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            row.violations().add(Violation.error("DOM-201", PersonFields.DATE_OF_BIRTH, value,
                    "Date of birth is not a date in an accepted format",
                    "Use YYYY-MM-DD (or a format the pipeline's mapping lists) and a day that exists"));
            return;
        }
        LocalDate today = LocalDate.now(clock);
        if (date.isAfter(today)) {
            row.violations().add(Violation.error("DOM-201", PersonFields.DATE_OF_BIRTH, value,
                    "Date of birth is in the future",
                    "Check the year; day and month may also be swapped"));
            return;
        }
        int age = Period.between(date, today).getYears();
        if (age < MIN_AGE || age > MAX_AGE) {
            row.violations().add(Violation.error("DOM-201", PersonFields.DATE_OF_BIRTH, value,
                    "Age " + age + " is outside the allowed range of " + MIN_AGE + " to " + MAX_AGE + " years",
                    "Check the year of birth: a wrong century or this year typed by mistake are the usual causes"));
        }
    }
}
