package org.tenantio.importer.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;

/** Creates a tenant of a test's own, with the sample volunteers pipeline and keys by role. */
@Component
public class TestTenants {

    public static final String DEMO_KEY = "imp_0123456789ab_demo-bootstrap-key-for-tests-only-000000000";

    private final TenantRepository tenants;
    private final PipelineRepository pipelines;
    private final ApiKeys keys;

    public TestTenants(TenantRepository tenants, PipelineRepository pipelines, ApiKeys keys) {
        this.tenants = tenants;
        this.pipelines = pipelines;
        this.keys = keys;
    }

    public TestTenant create(String prefix) {
        String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Tenant tenant = tenants.create(code, "Test " + code);
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "volunteers", "Volunteers", "import",
                List.of("csv", "xlsx"), "person", "shared/volunteers.yaml", "active", Map.of("defaultPhoneRegion", "GB")),
                "test", "test set-up");
        String admin = ApiKeys.generate();
        keys.store(tenant.id(), "test admin", admin, "admin");
        String viewer = ApiKeys.generate();
        keys.store(tenant.id(), "test viewer", viewer, "viewer");
        return new TestTenant(tenant, admin, viewer);
    }

    public record TestTenant(Tenant tenant, String adminKey, String viewerKey) {
        public UUID id() {
            return tenant.id();
        }

        public String code() {
            return tenant.code();
        }
    }
}
