package org.tenantio.importer.db;

/**
 * A fixed pseudo-random share of a run's staged rows, for run-level checks that a sample answers
 * as well as every row: one row in {@code step}, chosen by a hash of the row number, so that a
 * file's periodic patterns (every tenth row different) do not line up with the choice.
 */
public final class RowSample {

    /** A condition on {@code staging_rows s}; its one parameter is the step (1: every row). */
    public static final String OF_STAGED_ROWS = "(hashint8(s.row_number) & 2147483647) % ? = 0";

    private RowSample() {
    }
}
