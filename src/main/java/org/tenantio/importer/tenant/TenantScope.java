package org.tenantio.importer.tenant;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for. Database connections handed out on this thread are
 * bound to it (PostgreSQL row-level security reads it per transaction), so work that leaves the
 * request thread (route consumers, writer threads, schedules, scans) must enter the scope itself.
 */
public final class TenantScope {

    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();

    private TenantScope() {
    }

    public static Optional<UUID> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static <T> T call(UUID tenantId, Supplier<T> work) {
        UUID previous = CURRENT.get();
        CURRENT.set(tenantId);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    public static void run(UUID tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }

    /** Binds the thread until {@link #clear()}: for request filters and route steps that span several calls. */
    public static void enter(UUID tenantId) {
        CURRENT.set(tenantId);
    }

    public static void clear() {
        CURRENT.remove();
    }

    private static void restore(UUID previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
