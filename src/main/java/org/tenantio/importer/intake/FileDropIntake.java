package org.tenantio.importer.intake;

import org.tenantio.importer.tenant.QuotaExceeded;

import org.tenantio.importer.system.TenantScope;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.intake.RunIntake.IntakeRequest;
import org.tenantio.importer.system.ImporterProperties;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;

/**
 * Decides about a file the inbox route picked up from {@code inbox/{tenant}/{pipeline}/}:
 * queue a run for it, or copy it to the rejected area and say why. Either way the route then
 * removes it from the inbox, so nothing is read twice and nothing vanishes unexplained.
 */
@Component("fileDropIntake")
public class FileDropIntake {

    private static final Logger log = LoggerFactory.getLogger(FileDropIntake.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final TenantRepository tenants;
    private final RunIntake intake;
    private final AuditLog audit;
    private final Path rejectedRoot;
    private final long maxBytes;

    private final InboxLinks links;

    public FileDropIntake(TenantRepository tenants, RunIntake intake, AuditLog audit, ImporterProperties properties,
                          InboxLinks links) {
        this.tenants = tenants;
        this.links = links;
        this.intake = intake;
        this.audit = audit;
        this.rejectedRoot = properties.rejected();
        this.maxBytes = properties.maxUploadBytes();
    }

    public IntakeDecision accept(File file, String relativePath) {
        String[] parts = relativePath.replace('\\', '/').split("/");
        String linked = links.problem(file.toPath(), parts[0]);
        if (linked != null) {
            // Refused unread: neither imported nor copied aside, so nothing of what it names is kept or shown.
            Tenant owner = parts.length == 3 ? tenants.findByCode(parts[0]).orElse(null) : null;
            return owner == null ? reject(null, file, parts, linked, false)
                    : TenantScope.call(owner.id(), () -> reject(owner, file, parts, linked, false));
        }
        if (parts.length != 3) {
            return reject(null, file, parts, "Files must be dropped into inbox/{tenant}/{pipeline}/; '"
                    + FileNames.safe(relativePath) + "' is not in such a folder");
        }
        Tenant tenant = tenants.findByCode(parts[0]).orElse(null);
        if (tenant == null) {
            return reject(null, file, parts, "Unknown tenant folder '" + FileNames.safe(parts[0]) + "'");
        }
        return TenantScope.call(tenant.id(), () -> acceptFor(tenant, file, parts));
    }

    private IntakeDecision acceptFor(Tenant tenant, File file, String[] parts) {
        if (file.length() > maxBytes) {
            // Refused before intake reads it; the file itself is still kept aside in the rejected area.
            return reject(tenant, file, parts, new FileTooLargeException(maxBytes).getMessage());
        }
        // O_NOFOLLOW: a file swapped for a link after the check above is refused by the open itself.
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file.toPath(),
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            UUID runId = intake.queue(tenant, parts[1],
                    new IntakeRequest(parts[2], "file_drop", "system:file-drop", null, null, null), in, file.length()).id();
            log.info("Inbox file for {}/{} queued as run {}", tenant.code(), FileNames.safe(parts[1]), runId);
            return IntakeDecision.queued(runId);
        } catch (IntakeRefusal | QuotaExceeded | FileTooLargeException e) {
            return reject(tenant, file, parts, e.getMessage());
        } catch (java.nio.file.FileSystemException e) {
            // ELOOP from O_NOFOLLOW (swapped for a link since the check), or gone: nothing was read.
            return reject(tenant, file, parts, "The file could not be opened as a regular file, so it was not read", false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IntakeDecision reject(Tenant tenant, File file, String[] parts, String reason) {
        return reject(tenant, file, parts, reason, true);
    }

    private IntakeDecision reject(Tenant tenant, File file, String[] parts, String reason, boolean keepCopy) {
        String[] safeParts = Arrays.stream(parts).map(FileNames::safe).toArray(String[]::new);
        String name = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + safeParts[safeParts.length - 1];
        String dir = String.join("/", Arrays.copyOf(safeParts, safeParts.length - 1));
        String rejectedPath = dir.isEmpty() ? name : dir + "/" + name;
        try {
            Path target = rejectedRoot.resolve(rejectedPath).normalize();
            Files.createDirectories(target.getParent());
            if (keepCopy) {
                Files.copy(file.toPath(), target, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Moving a rejected file aside failed", e);
        }
        AuditEvent event = AuditEvent.system(tenant == null ? null : tenant.id(), "file-drop", "intake.rejected", "file",
                String.join("/", safeParts), Map.of("reason", reason, "rejectedPath", rejectedPath));
        if (tenant == null) {
            // A file for no known tenant is audited outside any tenant.
            TenantScope.asSystem(() -> {
                audit.record(event);
                return null;
            });
        } else {
            audit.record(event);
        }
        log.info("Inbox file {} rejected: {}", String.join("/", safeParts), reason);
        return IntakeDecision.refused(reason, rejectedPath);
    }
}
