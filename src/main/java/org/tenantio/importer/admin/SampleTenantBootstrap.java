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

    private final String keyOwner;
    private final java.nio.file.Path keyFile;

    public SampleTenantBootstrap(TenantRepository tenants, PipelineRepository pipelines, ApiKeys keys, AuditLog audit,
                                 TransactionTemplate tx, ImporterProperties properties,
                                 @org.springframework.beans.factory.annotation.Value(
                                         "${importer.bootstrap-key-owner:service:bootstrap}") String keyOwner,
                                 @org.springframework.beans.factory.annotation.Value(
                                         "${importer.bootstrap-key-file:${user.dir}/data/bootstrap-admin-key}")
                                 java.nio.file.Path keyFile) {
        this.keyOwner = ApiKeys.validOwner(keyOwner.strip()) ? ApiKeys.normalOwner(keyOwner) : "service:bootstrap";
        this.keyFile = keyFile.toAbsolutePath().normalize();
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
            keys.store(demo.id(), "bootstrap admin", apiKey, "admin", keyOwner);
            audit.record(AuditEvent.system(demo.id(), "bootstrap", "tenant.created", "tenant", demo.code(),
                    Map.of("pipelines", List.of("volunteers", "volunteers-export"))));
            return supplied == null || supplied.isBlank() ? apiKey : "";
        }));
        if (key != null && !key.isEmpty()) {
            // Never into the log (log lines travel to aggregators and tickets): a file only the service user reads.
            writeKeyFile(key);
            log.info("Created tenant 'demo' (admin key owner {}). Its generated admin API key is in {} (mode 600): "
                    + "read it once, then delete the file", keyOwner, keyFile);
        } else if (key != null) {
            log.info("Created tenant 'demo' with the admin API key from IMPORTER_BOOTSTRAP_API_KEY");
        }
    }

    private void writeKeyFile(String key) {
        try {
            java.nio.file.Files.createDirectories(keyFile.getParent());
            java.nio.file.Files.deleteIfExists(keyFile);
            java.nio.file.Files.createFile(keyFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(keyFile, key + System.lineSeparator());
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("The generated bootstrap admin key cannot be written to " + keyFile
                    + "; set IMPORTER_BOOTSTRAP_API_KEY or make the folder writable", e);
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
