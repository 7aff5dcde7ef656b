package org.tenantio.importer.load;

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
}
