package org.tenantio.importer.system;

import java.util.List;

/**
 * One page of a listing, with the total so clients can page through; listings that page by
 * keyset also give {@code next}, the cursor to pass as {@code after=} (absent on the last page).
 */
public record Page<T>(List<T> items, long total, int limit, long offset, String next) {

    public Page(List<T> items, long total, int limit, long offset) {
        this(items, total, limit, offset, null);
    }

    /** A whole, short listing (a tenant's keys, its webhooks) in the same shape as the paged ones. */
    public static <T> Page<T> of(List<T> all) {
        return new Page<>(all, all.size(), Math.max(all.size(), 1), 0);
    }

    public static final int MAX_LIMIT = 1000;

    public static void checkBounds(int limit, long offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new Refusal(400, "invalid_paging", "limit must be 1.." + MAX_LIMIT + " and offset at least 0",
                    List.of(java.util.Map.of("field", "limit", "message", "1.." + MAX_LIMIT),
                            java.util.Map.of("field", "offset", "message", ">= 0")));
        }
    }
}
