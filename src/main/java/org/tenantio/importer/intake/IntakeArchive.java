package org.tenantio.importer.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.ImporterProperties;

/**
 * Keeps every accepted input, as received, under {@code archive/{tenant}/{pipeline}/{date}/};
 * the sha-256 is computed while copying, so the file is read once.
 */
@Component
public class IntakeArchive {

    private final Path root;
    private final long maxBytes;

    public IntakeArchive(ImporterProperties properties) {
        this.root = properties.archive();
        this.maxBytes = properties.maxUploadBytes();
    }

    public ArchivedFile store(String tenantCode, String pipelineCode, String fileName, InputStream in) {
        return store(tenantCode, pipelineCode, fileName, in, maxBytes);
    }

    /** Stores at most {@code limit} bytes; a longer input is refused and nothing of it kept. */
    public ArchivedFile store(String tenantCode, String pipelineCode, String fileName, InputStream in, long limit) {
        String ref = String.join("/", tenantCode, pipelineCode, LocalDate.now(ZoneOffset.UTC).toString(),
                UUID.randomUUID() + "-" + FileNames.safe(fileName));
        Path target = resolve(ref);
        try {
            Files.createDirectories(target.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream digesting = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = digesting.read(buffer)) > 0; ) {
                    size += n;
                    if (size > limit) {
                        throw new FileTooLargeException(limit);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (FileTooLargeException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            return new ArchivedFile(ref, HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException("Archiving the input failed", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archived file a reference names; never outside the archive root. */
    public Path resolve(String ref) {
        Path path = root.resolve(ref).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Archive reference escapes the archive");
        }
        return path;
    }
}
