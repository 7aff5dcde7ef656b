package org.tenantio.importer.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the reason files intake leaves beside rejected files. */
public final class RejectedFiles {
    private RejectedFiles() {
    }

    /** The text of every reason file under a folder of the rejected area (none if it does not exist yet). */
    public static List<String> reasons(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".reason.txt")).map(RejectedFiles::read).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
