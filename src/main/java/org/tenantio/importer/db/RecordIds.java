package org.tenantio.importer.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.util.UUID;

/**
 * Ids of new core records: UUID version 7 (a millisecond timestamp, then random bits). Random
 * (version 4) ids scatter every insert over the whole of each index that holds a record id
 * (core_records' primary key, external_id_map_core, match_keys_core, change_log_core), so a large
 * import dirties, and after each checkpoint logs in full, a page per entry; time-ordered ids
 * append next to each other. 74 random bits per millisecond keep them unguessable enough for ids
 * that every query also filters by tenant.
 */
public final class RecordIds {

    private static final TimeBasedEpochRandomGenerator IDS = Generators.timeBasedEpochRandomGenerator();

    private RecordIds() {
    }

    public static UUID next() {
        return IDS.generate();
    }
}
