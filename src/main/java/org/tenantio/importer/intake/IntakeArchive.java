package org.tenantio.importer.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
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
import org.tenantio.importer.tenant.TenantRepository;

/**
 * Keeps every accepted input, as received, under {@code archive/{tenant}/{pipeline}/{date}/};
 * the sha-256 is computed while copying, so the file is read once.
 */
@Component
public class IntakeArchive {

    private final Path root;
    private final long maxBytes;
    private final TenantRepository tenants;

    public IntakeArchive(ImporterProperties properties, TenantRepository tenants) {
        this.root = properties.archive();
        this.maxBytes = properties.maxUploadBytes();
        this.tenants = tenants;
    }

    public ArchivedFile store(String tenantCode, String pipelineCode, String fileName, InputStream in) {
        return store(tenantCode, pipelineCode, fileName, in, maxBytes);
    }

    /** Stores at most {@code limit} bytes; a longer input is refused and nothing of it kept. */
    public ArchivedFile store(String tenantCode, String pipelineCode, String fileName, InputStream in, long limit) {
        String ref = String.join("/", tenantCode, pipelineCode, LocalDate.now(ZoneOffset.UTC).toString(),
                UUID.randomUUID() + "-" + FileNames.safe(fileName));
        Path target = resolve(tenantCode, ref);
        try {
            Files.createDirectories(target.getParent());
            requireInside(target.getParent().toRealPath(), tenantCode);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream digesting = new DigestInputStream(in, sha); OutputStream out = Files.newOutputStream(target,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
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

    /** The archived file of a tenant's run; refused unless it lies under that tenant's own archive folder. */
    public Path resolve(UUID tenantId, String ref) {
        String code = tenants.findById(tenantId).orElseThrow(() -> new IllegalArgumentException("Unknown tenant")).code();
        return checked(resolve(code, ref), code);
    }

    /**
     * The archived file a stored reference names, for housekeeping that works across tenants
     * (retention, erasure): inside the archive folder of the tenant the reference itself names,
     * links resolved.
     */
    public Path resolve(String ref) {
        String code = ref.split("/", 2)[0];
        return checked(resolve(code, ref), code);
    }

    /** The path, once its real location (links resolved) is known to be in the tenant's archive. */
    private Path checked(Path path, String code) {
        try {
            requireInside(path.toRealPath(), code);
        } catch (java.nio.file.NoSuchFileException e) {
            return path; // the reader reports the missing file
        } catch (IOException e) {
            throw new UncheckedIOException("Checking the archived input failed", e);
        }
        return path;
    }

    /** The path a reference names, lexically inside {@code archive/{tenant}/}. */
    private Path resolve(String tenantCode, String ref) {
        Path tenantRoot = root.resolve(tenantCode).normalize();
        Path path = root.resolve(ref).normalize();
        if (!tenantRoot.getParent().equals(root) || !path.startsWith(tenantRoot) || path.equals(tenantRoot)) {
            throw new IllegalArgumentException("Archive reference is not in the tenant's archive");
        }
        return path;
    }

    /** Links resolved: the real location must be under the tenant's real archive folder. */
    private void requireInside(Path real, String tenantCode) throws IOException {
        Path tenantRoot = Files.createDirectories(root.resolve(tenantCode)).toRealPath();
        if (!tenantRoot.startsWith(root.toRealPath()) || !real.startsWith(tenantRoot)) {
            throw new IllegalArgumentException("Archive path resolves outside the tenant's archive");
        }
    }
}
