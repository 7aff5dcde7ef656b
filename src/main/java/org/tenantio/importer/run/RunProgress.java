package org.tenantio.importer.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** How far a running run has come: rows so far and, where the file size is known, percent and time left. */
final class RunProgress {
    private RunProgress() {
    }

    static Map<String, Object> of(long rowsProcessed, long bytesRead, long sizeBytes, long elapsedNanos) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("rowsProcessed", rowsProcessed);
        if (sizeBytes > 0 && bytesRead >= 0) {
            double fraction = Math.min(1.0, (double) bytesRead / sizeBytes);
            progress.put("percent", Math.round(fraction * 1000) / 10.0);
            if (fraction > 0) {
                long elapsedSeconds = elapsedNanos / 1_000_000_000L;
                progress.put("etaSeconds", Math.round(elapsedSeconds * (1 - fraction) / fraction));
            }
        }
        return progress;
    }
}
