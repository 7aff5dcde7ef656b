package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantio.importer.system.ImporterProperties;

class DisposableEmailDomainsTest {

    @Test
    void anOperatorsListReplacesTheBuiltInOne(@TempDir Path mappings) throws Exception {
        Files.createDirectories(mappings.resolve("contracts"));
        Files.writeString(mappings.resolve(DisposableEmailDomains.FILE), "# ours\nthrowaway.example\n");

        DisposableEmailDomains ours = new DisposableEmailDomains(
                new ImporterProperties(null, null, null, null, mappings, 0, 0, null, null));

        assertThat(ours.contains("throwaway.example")).isTrue();
        assertThat(ours.contains("mail.throwaway.example")).isTrue();
        assertThat(ours.contains("mailinator.com")).isFalse();
    }

    @Test
    void withoutAnOperatorsListTheBuiltInOneApplies(@TempDir Path mappings) {
        DisposableEmailDomains builtIn = new DisposableEmailDomains(
                new ImporterProperties(null, null, null, null, mappings, 0, 0, null, null));

        assertThat(builtIn.contains("mailinator.com")).isTrue();
        assertThat(builtIn.contains("example.org")).isFalse();
    }
}
