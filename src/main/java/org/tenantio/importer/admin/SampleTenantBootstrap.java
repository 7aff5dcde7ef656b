package org.tenantio.importer.admin;

import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;

import org.tenantio.importer.system.TenantScope;

import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.system.ImporterProperties;

/**
 * On the first start against an empty database: tenant {@code demo}, its active import
 * pipeline {@code volunteers}, and an admin key (IMPORTER_BOOTSTRAP_API_KEY, or a generated
 * one printed once). Runs after Flyway and before the routes start, so the inbox is ready.
 */
@Component
@DependsOn("flywayInitializer")
public class SampleTenantBootstrap {

    private static final Logger log = LoggerFactory.getLogger(SampleTenantBootstrap.class);

    private final TenantRepository tenants;
    private final PipelineRepository pipelines;
    private final ApiKeys keys;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ImporterProperties properties;

    public SampleTenantBootstrap(TenantRepository tenants, PipelineRepository pipelines, ApiKeys keys, AuditLog audit,
                                 TransactionTemplate tx, ImporterProperties properties) {
        this.tenants = tenants;
        this.pipelines = pipelines;
        this.keys = keys;
        this.audit = audit;
        this.tx = tx;
        this.properties = properties;
    }

    @PostConstruct
    void seedIfEmpty() {
        // Seeding spans tenants (is there any?) and writes a tenant that did not exist: system work.
        String key = TenantScope.asSystem(() -> tx.execute(status -> {
            if (tenants.any()) {
                return null;
            }
            Tenant demo = tenants.create("demo", "Demo organisation");
            pipelines.create(demo.id(), new Pipeline(null, demo.id(), "volunteers", "Volunteers", "import",
                    List.of("csv", "xlsx"), "person", "demo/volunteers.yaml", "active",
                    Map.of("defaultPhoneRegion", "GB")), "system:bootstrap", "sample tenant");
            seedExportExample(demo);
            String supplied = properties.bootstrapApiKey();
            String apiKey = supplied == null || supplied.isBlank() ? ApiKeys.generate() : supplied.strip();
            keys.store(demo.id(), "bootstrap admin", apiKey, "admin");
            audit.record(AuditEvent.system(demo.id(), "bootstrap", "tenant.created", "tenant", demo.code(),
                    Map.of("pipelines", List.of("volunteers", "volunteers-export"))));
            return supplied == null || supplied.isBlank() ? apiKey : "";
        }));
        if (key != null && !key.isEmpty()) {
            // Printed once, on purpose: the only place a generated bootstrap key is ever shown.
            log.info("Created tenant 'demo'. Its admin API key (shown only now): {}", key);
        } else if (key != null) {
            log.info("Created tenant 'demo' with the admin API key from IMPORTER_BOOTSTRAP_API_KEY");
        }
    }

    /**
     * An example export, suspended (start it with POST /api/v1/pipelines/volunteers-export/start):
     * nightly at 02:00 to outbox/demo/volunteers/, email hashed and phone partly masked by the contract.
     */
    private void seedExportExample(Tenant demo) {
        UUID id = pipelines.create(demo.id(), new Pipeline(null, demo.id(), "volunteers-export", "Volunteers export",
                "export", List.of("csv"), "person", null, "suspended", Map.of(
                        "fields", List.of(Map.of("field", "id", "column", "Record id"),
                                Map.of("field", "first_name", "column", "First name"),
                                Map.of("field", "last_name", "column", "Last name"),
                                Map.of("field", "email", "column", "Email (hashed)"),
                                Map.of("field", "phone", "column", "Phone"),
                                Map.of("field", "city", "column", "City")),
                        "filters", List.of(Map.of("field", "country", "op", "eq", "value", "GB")))),
                "system:bootstrap", "sample tenant: example export, suspended until an operator starts it");
        pipelines.updateExportSettings(demo.id(), id, "0 0 2 * * ?", List.of(Map.of("type", "file", "path", "volunteers")));
    }
}
