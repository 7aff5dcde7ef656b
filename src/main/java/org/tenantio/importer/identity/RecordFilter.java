package org.tenantio.importer.identity;

import java.time.OffsetDateTime;

/**
 * What a record listing narrows to: a name fragment ({@code q}, case-insensitive, first or last
 * name), an exact email (case-insensitive), an external id of any system, records updated since
 * a time. Null fields do not narrow.
 */
public record RecordFilter(String q, String email, String externalId, OffsetDateTime updatedSince) {

    public static final RecordFilter NONE = new RecordFilter(null, null, null, null);
}
