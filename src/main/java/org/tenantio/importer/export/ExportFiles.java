package org.tenantio.importer.export;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Where export files are kept once written ({@code importer.export.files}/{tenant id}/{run id}.{format}),
 * so a failed delivery can be retried later with exactly the same bytes.
 */
@Component
public class ExportFiles {

    private final Path root;

    public ExportFiles(ExportProperties properties) {
        this.root = properties.files();
    }

    public Path pathOf(UUID tenantId, UUID runId, String format) {
        return root.resolve(tenantId.toString()).resolve(runId + "." + format);
    }

    /** The run's output_ref: the path under the exports root. */
    public String ref(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    public Path resolve(String ref) {
        Path file = root.resolve(ref).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("Export reference points outside the exports folder");
        }
        return file;
    }
}
