package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/**
 * The validate stage: runs every rule over each row of a chunk, then fingerprints the clean
 * rows' normalised content so the load stage can tell an unchanged row from an update.
 */
@Component("rowValidator")
public class RowValidator {

    private final List<RowRule> rules;

    public RowValidator(List<RowRule> rules) {
        this.rules = rules;
    }

    public RowChunk validate(RowChunk chunk) {
        boolean person = "person".equals(chunk.context().entityType());
        for (RowState row : chunk.rows()) {
            if (row.loadedBefore()) {
                // the load confirms it unchanged, or hands it back here if its key changed meanwhile
                continue;
            }
            boolean unreadable = row.violations().stream().anyMatch(v -> v.ruleCode().startsWith("PARSE-"));
            if (person && !unreadable) {
                rules.forEach(rule -> rule.check(row, chunk.context()));
            }
            List<Violation> reported = chunk.context().rules().apply(row.violations());
            row.violations().clear();
            row.violations().addAll(reported);
            if (!row.quarantined()) {
                row.contentHash(fingerprint(row.fields()));
            }
        }
        return chunk;
    }

    /** sha-256 over the fields in name order, with separators that cannot occur unescaped. */
    public static String fingerprint(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(fields).forEach((k, v) -> {
            if (v != null) {
                sb.append(k).append('\u001f').append(v).append('\u001e');
            }
        });
        return DigestUtils.sha256Hex(sb.toString());
    }
}
