package org.tenantio.importer.support;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tenantio.importer.system.TenantScope;

/**
 * Test threads set up and inspect data of every tenant, as an operator with psql would: they work
 * in system scope. The service's own threads (requests, routes, writers) are bound as in
 * production, and TenantIsolationIT leaves this scope to prove what an application connection sees.
 */
public class SystemScopeExtension implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        TenantScope.enterSystem();
        // Awaitility polls on a thread of its own by default, which would be in no scope.
        Awaitility.pollInSameThread();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TenantScope.clear();
        Awaitility.reset();
    }
}
