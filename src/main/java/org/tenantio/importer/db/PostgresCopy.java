package org.tenantio.importer.db;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Runs COPY FROM STDIN on the connection of the current transaction. */
@Component
public class PostgresCopy {

    private final JdbcTemplate jdbc;

    public PostgresCopy(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long copyIn(String copySql, String csv) {
        if (csv.isEmpty()) {
            return 0;
        }
        Long rows = jdbc.execute((ConnectionCallback<Long>) con -> {
            try {
                return con.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new StringReader(csv));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return rows == null ? 0 : rows;
    }

    /**
     * COPY into a table under row-level security. PostgreSQL refuses COPY FROM there, so rows are
     * COPYed into a temporary twin (columns only, no constraints) and moved with one
     * INSERT ... SELECT, which the tenant policy checks. Table and column names must be constants.
     */
    public long copyInto(String table, String columns, String csv) {
        if (csv.isEmpty()) {
            return 0;
        }
        String temp = "copy_" + table;
        jdbc.execute("CREATE TEMP TABLE IF NOT EXISTS " + temp + " ON COMMIT DELETE ROWS AS SELECT " + columns + " FROM "
                + table + " WITH NO DATA");
        // A twin left with rows by an earlier statement outside a transaction is emptied first.
        jdbc.execute("TRUNCATE " + temp);
        copyIn("COPY " + temp + " (" + columns + ") FROM STDIN (FORMAT csv)", csv);
        return jdbc.update("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + temp);
    }
}
