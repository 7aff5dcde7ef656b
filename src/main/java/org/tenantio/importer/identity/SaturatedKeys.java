package org.tenantio.importer.identity;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per run, the key hashes already found too common to find candidates (a block of more than
 * maxCandidatesPerKey records in the core). A run's later chunks neither look them up again nor
 * store them: on a large file most rows share such blocks (a common first name in a large
 * postcode), and reading eleven records per key per row to learn it again was most of the
 * candidate query. Within a run a block only grows (the run's own writes, under its lock), so
 * the answer stays right for the run; a new run starts with an empty set, so rollbacks, undone
 * merges and erasures between runs are seen.
 */
@Component
public class SaturatedKeys {

    /** More runs than this at once is no real load; past it the oldest entries are simply dropped. */
    private static final int MAX_RUNS = 64;

    private final Map<UUID, Set<Long>> byRun = new ConcurrentHashMap<>();

    /** The run's known saturated keys, a live set the run's writer adds to. */
    Set<Long> of(UUID runId) {
        if (byRun.size() >= MAX_RUNS && !byRun.containsKey(runId)) {
            byRun.clear();
        }
        return byRun.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet());
    }

    /** The run ended (completed, failed or stopped). */
    public void forget(UUID runId) {
        byRun.remove(runId);
    }
}
