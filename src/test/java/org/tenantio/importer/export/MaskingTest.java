package org.tenantio.importer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private final Masking masking = new Masking(new ExportProperties(null, 0, "test-key"));
    private final UUID tenant = UUID.randomUUID();

    @Test
    void partialKeepsTheLastFourCharacters() {
        assertThat(masking.masker("partial", tenant, "phone").apply("+447700900123")).isEqualTo("****0123");
        assertThat(masking.masker("partial", tenant, "phone").apply("123")).isEqualTo("****");
        assertThat(masking.masker("partial", tenant, "phone").apply(null)).isNull();
    }

    @Test
    void redactLeavesNothing() {
        assertThat(masking.masker("redact", tenant, "date_of_birth").apply("1990-01-02")).isEmpty();
    }

    @Test
    void hashIsStablePerTenantAndDiffersAcrossTenantsAndKeys() {
        String once = masking.masker("hash", tenant, "email").apply("ada@example.org");
        assertThat(once).matches("[0-9a-f]{32}").isEqualTo(masking.masker("hash", tenant, "email").apply("ada@example.org"));
        assertThat(masking.masker("hash", UUID.randomUUID(), "email").apply("ada@example.org")).isNotEqualTo(once);
        assertThat(new Masking(new ExportProperties(null, 0, "other")).masker("hash", tenant, "email").apply("ada@example.org"))
                .isNotEqualTo(once);
        assertThat(new Masking(new ExportProperties(null, 0, null)).masker("hash", tenant, "email").apply("x")).hasSize(32);
    }

    @Test
    void noKindPassesValuesThrough() {
        assertThat(masking.masker(null, tenant, "city").apply("Leeds")).isEqualTo("Leeds");
        assertThatThrownBy(() -> masking.masker("rot13", tenant, "city")).isInstanceOf(IllegalArgumentException.class);
    }
}
