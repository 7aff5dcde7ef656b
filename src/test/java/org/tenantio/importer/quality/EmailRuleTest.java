package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** FMT-101's matching form (email_match) and its refusal of disposable domains. */
class EmailRuleTest {

    final RowValidator validator = new RowValidator(List.of(new EmailRule(DisposableEmailDomains.builtIn())));

    private RowState validate(Map<String, String> fields) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().putAll(fields);
        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row), 0, 0));
        return row;
    }

    private RowState validate(String email) {
        return validate(Map.of("email", email));
    }

    @Test
    void gmailLosesItsTagAndTheDotsOfTheLocalPartInTheMatchingFormOnly() {
        RowState row = validate(" John.Smith+News@Gmail.com ");

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("email", "john.smith+news@gmail.com")
                .containsEntry("email_match", "johnsmith@gmail.com");
        assertThat(validate("j.s.mith+a+b@googlemail.com").fields()).containsEntry("email_match", "jsmith@gmail.com");
    }

    @Test
    void otherDomainsLoseOnlyTheirTag() {
        assertThat(validate("First.Last+tag@Example.org").fields()).containsEntry("email", "first.last+tag@example.org")
                .containsEntry("email_match", "first.last@example.org");
        assertThat(validate("ada@example.org").fields()).containsEntry("email_match", "ada@example.org");
    }

    @Test
    void theMatchingFormIsDerivedNeverTakenFromTheInput() {
        assertThat(validate(Map.of("email", "ada@example.org", "email_match", "someone@else.org")).fields())
                .containsEntry("email_match", "ada@example.org");
        assertThat(validate(Map.of("phone", "1", "email_match", "someone@else.org")).fields())
                .doesNotContainKey("email_match");
        assertThat(validate("not-an-email").fields()).doesNotContainKey("email_match");
    }

    @Test
    void aDisposableDomainFires() {
        RowState row = validate("Someone@Mailinator.com");

        assertThat(row.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleCode()).isEqualTo("FMT-101");
            assertThat(v.field()).isEqualTo("email");
            assertThat(v.value()).isEqualTo("Someone@Mailinator.com");
            assertThat(v.message()).isEqualTo("Disposable email domain");
            assertThat(v.hint()).isNotBlank();
        });
        assertThat(row.quarantined()).isTrue();
        assertThat(row.fields()).containsEntry("email", "someone@mailinator.com").doesNotContainKey("email_match");
    }

    @Test
    void everyListedProviderAndItsSubDomainsAreRefusedButLookAlikesAreNot() {
        for (String domain : List.of("mailinator.com", "10minutemail.com", "guerrillamail.com", "yopmail.com",
                "trashmail.com", "tempmail.com", "eu.mailinator.com")) {
            assertThat(validate("x@" + domain).violations()).as(domain).singleElement()
                    .satisfies(v -> assertThat(v.message()).isEqualTo("Disposable email domain"));
        }
        assertThat(validate("x@notmailinator.com").violations()).isEmpty();
        assertThat(validate("x@mailinator.com.example.org").violations()).isEmpty();
    }
}
