package org.tenantio.importer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.tenantio.importer.system.InstallationSecrets;

class MaskingTest {

    @TempDir
    Path secrets;
    private final Masking masking = masking("test-key", Path.of("target/masking-test-unused"));

    private static Masking masking(String key, Path folder) {
        MockEnvironment env = new MockEnvironment();
        if (key != null) {
            env.setProperty("importer.export.masking-key", key);
        }
        return new Masking(new InstallationSecrets(env, folder));
    }
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
        assertThat(masking("other", secrets).masker("hash", tenant, "email").apply("ada@example.org")).isNotEqualTo(once);
    }

    @Test
    void withoutAConfiguredKeyEachInstallationHashesWithItsOwnKey() {
        String first = masking(null, secrets.resolve("one")).masker("hash", tenant, "email").apply("ada@example.org");
        String again = masking(null, secrets.resolve("one")).masker("hash", tenant, "email").apply("ada@example.org");
        String elsewhere = masking(null, secrets.resolve("two")).masker("hash", tenant, "email").apply("ada@example.org");
        assertThat(first).hasSize(32).isEqualTo(again).isNotEqualTo(elsewhere);
        assertThat(secrets.resolve("one/masking")).exists();
    }

    @Test
    void noKindPassesValuesThrough() {
        assertThat(masking.masker(null, tenant, "city").apply("Leeds")).isEqualTo("Leeds");
        assertThatThrownBy(() -> masking.masker("rot13", tenant, "city")).isInstanceOf(IllegalArgumentException.class);
    }
}
