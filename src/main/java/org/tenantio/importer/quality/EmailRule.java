package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * FMT-101: an email, lower-cased and trimmed, must be a well-formed address at a domain that is not
 * a throw-away mailbox provider. A good address also gets its matching form in {@code email_match}:
 * without a +tag, and for Gmail also without dots in the local part (Gmail ignores both).
 */
@Component
@Order(20)
public class EmailRule implements RowRule {

    private static final Set<String> GMAIL = Set.of("gmail.com", "googlemail.com");

    private final EmailValidator validator = EmailValidator.getInstance(false, false);
    private final DisposableEmailDomains disposable;

    public EmailRule(DisposableEmailDomains disposable) {
        this.disposable = disposable;
    }

    @Override
    public void check(RowState row, RunContext context) {
        // email_match is derived here only, never taken from the input.
        row.fields().remove(PersonFields.EMAIL_MATCH);
        String email = row.fields().get(PersonFields.EMAIL);
        if (email == null) {
            return;
        }
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        row.fields().put(PersonFields.EMAIL, normalised);
        if (!validator.isValid(normalised)) {
            row.violations().add(Violation.error("FMT-101", PersonFields.EMAIL, email,
                    "Email address is not well formed",
                    "Use the form name@example.org, without spaces or a trailing dot"));
            return;
        }
        int at = normalised.lastIndexOf('@');
        String local = normalised.substring(0, at);
        String domain = normalised.substring(at + 1);
        if (disposable.contains(domain)) {
            row.violations().add(Violation.error("FMT-101", PersonFields.EMAIL, email,
                    "Disposable email domain",
                    "Ask for a lasting address: mailboxes at " + domain + " are throw-away and stop working"));
            return;
        }
        // googlemail.com is the same mailbox as gmail.com: one matching form for both.
        String matchDomain = GMAIL.contains(domain) ? "gmail.com" : domain;
        row.fields().put(PersonFields.EMAIL_MATCH, matchingLocalPart(local, domain) + "@" + matchDomain);
    }

    private static String matchingLocalPart(String local, String domain) {
        int plus = local.indexOf('+');
        String untagged = plus > 0 ? local.substring(0, plus) : local;
        return GMAIL.contains(domain) ? untagged.replace(".", "") : untagged;
    }
}
