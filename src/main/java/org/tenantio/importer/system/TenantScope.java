package org.tenantio.importer.system;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for. Database connections handed out on this thread are
 * bound to it (PostgreSQL row-level security reads it per transaction), so work that leaves the
 * request thread (route consumers, writer threads, schedules, scans) must enter the scope itself.
 * A thread in no scope sees no tenant's rows. The few callers that work across tenants by design
 * (finding an API key's tenant, recovering runs at start-up) say so with {@link #asSystem}.
 */
public final class TenantScope {

    private record Scope(UUID tenantId, boolean system) {
    }

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private TenantScope() {
    }

    public static Optional<UUID> current() {
        Scope scope = CURRENT.get();
        return scope == null ? Optional.empty() : Optional.ofNullable(scope.tenantId());
    }

    /** True inside {@link #asSystem}: connections then bypass row-level security. */
    public static boolean isSystem() {
        Scope scope = CURRENT.get();
        return scope != null && scope.system();
    }

    public static <T> T call(UUID tenantId, Supplier<T> work) {
        return within(new Scope(tenantId, false), work);
    }

    public static void run(UUID tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }

    /** Work that spans tenants by design; keep it to lookups that filter by something as strong as a tenant. */
    public static <T> T asSystem(Supplier<T> work) {
        return within(new Scope(null, true), work);
    }

    /** Binds the thread until {@link #clear()}: for request filters and route steps that span several calls. */
    public static void enter(UUID tenantId) {
        CURRENT.set(new Scope(tenantId, false));
    }

    /** Binds the thread to system scope until {@link #clear()}: for test threads that inspect every tenant. */
    public static void enterSystem() {
        CURRENT.set(new Scope(null, true));
    }

    public static void clear() {
        CURRENT.remove();
    }

    private static <T> T within(Scope scope, Supplier<T> work) {
        Scope previous = CURRENT.get();
        CURRENT.set(scope);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
