package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.quality.EntityContracts;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.system.ImporterProperties;
import org.tenantio.importer.tenant.TenantRepository;

/** Match rules come from the contract, unless the tenant has its own file. */
class MatchConfigsIT extends ApiIntegrationTest {

    @Autowired
    EntityContracts contracts;
    @Autowired
    TenantRepository tenantRepository;

    private MatchConfigs configs(Path mappings) {
        return new MatchConfigs(contracts, tenantRepository,
                new ImporterProperties(null, null, null, null, mappings, 0, 0, null, null));
    }

    @Test
    void aTenantsOwnMatchFileReplacesTheContractsRules() throws Exception {
        Path mappings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "match-");
        Files.createDirectories(mappings.resolve(tenant.code()));
        Files.writeString(mappings.resolve(tenant.code()).resolve("match.yaml"), """
                match:
                  thresholds: {autoMerge: 0.99, review: 0.9}
                  blocking: [{name: email, parts: [email]}]
                  features: [{name: email, compare: email, agree: 9, partial: 1, disagree: -1}]
                """);

        MatchRules own = configs(mappings).find(tenant.id(), "person").orElseThrow();
        MatchRules contract = configs(mappings.resolve("none")).find(tenant.id(), "person").orElseThrow();

        assertThat(own.thresholds().autoMerge()).isEqualTo(0.99);
        assertThat(own.features()).hasSize(1);
        assertThat(contract.thresholds().autoMerge()).isEqualTo(0.95);
        assertThat(configs(mappings).find(tenant.id(), "course")).isEmpty();
    }

    @Test
    void anUnreadableMatchFileIsAClearError() throws Exception {
        Path mappings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "match-");
        Files.createDirectories(mappings.resolve(tenant.code()));
        Files.writeString(mappings.resolve(tenant.code()).resolve("match.yaml"), "match: [\n");

        assertThatThrownBy(() -> configs(mappings).find(tenant.id(), "person")).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> MatchConfigs.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"features\": [{\"name\": \"x\", \"bogus\": 1}]}"))).isInstanceOf(MappingException.class);
    }
}
