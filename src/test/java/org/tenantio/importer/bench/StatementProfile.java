package org.tenantio.importer.bench;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the database's time goes in one benchmark step, by statement (pg_stat_statements), with
 * {@code -Dbench.statements=true} on a server that preloads the extension (ExternalImportBenchmark
 * starts Debian's server so; the embedded binaries do not ship it). Otherwise does nothing.
 */
final class StatementProfile {

    private final JdbcTemplate owner;

    private StatementProfile(JdbcTemplate owner) {
        this.owner = owner;
    }

    static boolean wanted() {
        return Boolean.getBoolean("bench.statements");
    }

    static StatementProfile start(DataSource schemaOwner) {
        if (!wanted()) {
            return new StatementProfile(null);
        }
        JdbcTemplate jdbc = new JdbcTemplate(schemaOwner);
        try {
            jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            jdbc.queryForList("SELECT pg_stat_statements_reset()");
            return new StatementProfile(jdbc);
        } catch (RuntimeException e) {
            System.out.println("bench: no statement statistics on this server (" + e.getMessage() + ")");
            return new StatementProfile(null);
        }
    }

    /** The statements that took most of the server's time since start, with calls, rows and share. */
    void print(String step) {
        if (owner == null) {
            return;
        }
        List<Map<String, Object>> top = owner.queryForList("""
                SELECT round(total_exec_time)::bigint AS ms, calls, rows,
                       round(100 * total_exec_time / sum(total_exec_time) OVER ())::int AS pct,
                       regexp_replace(left(query, 160), '\\s+', ' ', 'g') AS query
                  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20""");
        System.out.printf("%n--- database time by statement, %s ---%n", step);
        top.forEach(r -> System.out.printf("%8d ms %3d%% %7d calls %9d rows  %s%n", r.get("ms"), r.get("pct"), r.get("calls"),
                r.get("rows"), r.get("query")));
    }
}
