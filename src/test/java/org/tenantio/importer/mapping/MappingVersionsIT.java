package org.tenantio.importer.mapping;

import org.tenantio.importer.row.MappingVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestFolders;
import org.tenantio.importer.support.TestTenants;
import org.tenantio.importer.support.TestTenants.TestTenant;
import org.tenantio.importer.system.ImporterProperties;

/** Editing a mapping file makes a new version; the old content stays, the same content keeps its number. */
@IntegrationTest
class MappingVersionsIT {

    @Autowired
    TestTenants tenants;
    @Autowired
    PipelineRepository pipelines;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachDistinctContentGetsTheNextVersion() throws Exception {
        TestTenant tenant = tenants.create("mapv");
        UUID pipeline = pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "m", "m", "import", List.of("csv"),
                "person", tenant.code() + "/m.yaml", "active", Map.of()), "test", "test");
        Path root = Files.createTempDirectory(TestFolders.ROOT, "mappings");
        Files.createDirectories(root.resolve(tenant.code()));
        String ref = tenant.code() + "/m.yaml";
        MappingRepository repo = new MappingRepository(new ImporterProperties(null, null, null, null, root, 0, 0, null, null), jdbc);
        Files.writeString(root.resolve(ref), "entity: person\ncolumns:\n  - source: email\n");

        MappingVersion first = repo.currentVersion(tenant.id(), pipeline, ref);
        MappingVersion same = repo.currentVersion(tenant.id(), pipeline, ref);
        Files.writeString(root.resolve(ref), "entity: person\ncolumns:\n  - source: email\n  - source: phone\n");
        MappingVersion second = repo.currentVersion(tenant.id(), pipeline, ref);

        assertThat(first.version()).isEqualTo(1);
        assertThat(same.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.definition().columns()).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT content FROM mapping_versions WHERE pipeline_id = ? AND version = 1",
                String.class, pipeline)).doesNotContain("phone");
        assertThatThrownBy(() -> repo.currentVersion(tenant.id(), pipeline, "../outside.yaml"))
                .isInstanceOf(MappingException.class).hasMessageContaining("must be a path like");
    }
}
