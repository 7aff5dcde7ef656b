package org.tenantio.importer.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant's reference codes of one type, read with one query and kept for {@link #TTL}:
 * rules look codes up per row, thousands of times a second, and must not query each time.
 */
@Component
public class ReferenceCodes {

    static final Duration TTL = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<Key, Loaded> cache = new ConcurrentHashMap<>();

    public ReferenceCodes(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean contains(UUID tenantId, String codeType, String code) {
        return current(new Key(tenantId, codeType)).codes().contains(code);
    }

    /** How many times this tenant's codes of this type have been read from the database (0 = never). */
    public int loads(UUID tenantId, String codeType) {
        Loaded loaded = cache.get(new Key(tenantId, codeType));
        return loaded == null ? 0 : loaded.loads();
    }

    private Loaded current(Key key) {
        Instant now = clock.instant();
        Loaded loaded = cache.get(key);
        if (loaded != null && !loaded.staleAt(now)) {
            return loaded;
        }
        // compute() runs the query at most once per key even when several runs need it at the same moment.
        return cache.compute(key, (k, old) -> old != null && !old.staleAt(now) ? old : load(k, old, now));
    }

    private Loaded load(Key key, Loaded old, Instant now) {
        Set<String> codes = new HashSet<>(jdbc.queryForList(
                "SELECT code FROM reference_codes WHERE tenant_id = ? AND code_type = ?", String.class,
                key.tenantId(), key.codeType()));
        return new Loaded(Set.copyOf(codes), now, old == null ? 1 : old.loads() + 1);
    }

    private record Key(UUID tenantId, String codeType) {
    }

    private record Loaded(Set<String> codes, Instant loadedAt, int loads) {
        boolean staleAt(Instant now) {
            return !now.isBefore(loadedAt.plus(TTL));
        }
    }
}
