package org.tenantio.importer.intake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.ImporterProperties;

/**
 * Keeps the inbox from reaching outside itself. A symbolic link or a second hard link dropped into
 * a tenant's folder could name another tenant's archive or a system file; the inbox route never
 * descends into a linked folder ({@link #accept}), and a linked file is refused unread by
 * {@link FileDropIntake} with a reason file. Deleting it from the inbox removes only the link.
 */
@Component("inboxLinks")
public class InboxLinks implements GenericFileFilter<File> {

    private final Path inbox;

    public InboxLinks(ImporterProperties properties) {
        this.inbox = properties.inbox();
    }

    /** The route's directory filter: linked folders, or folders that resolve elsewhere, are not walked. */
    @Override
    public boolean accept(GenericFile<File> file) {
        if (!file.isDirectory()) {
            return true;
        }
        Path dir = file.getFile().toPath();
        try {
            return !Files.isSymbolicLink(dir) && dir.toRealPath().startsWith(inbox.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** Why this inbox file must not be read, or null: it is a link, or it resolves outside {@code inbox/{tenant}/}. */
    public String problem(Path file, String tenantFolder) {
        try {
            if (Files.isSymbolicLink(file)) {
                return "The file is a symbolic link; the inbox takes only regular files, so it was not read";
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return "The entry is not a regular file, so it was not read";
            }
            Object links = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                return "The file is a hard link to another file; the inbox takes only files of its own, so it was not read";
            }
            Path tenantRoot = inbox.resolve(tenantFolder).toRealPath();
            if (!tenantRoot.startsWith(inbox.toRealPath()) || !file.toRealPath().startsWith(tenantRoot)) {
                return "The file resolves outside the tenant's inbox folder, so it was not read";
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "The file's links cannot be checked, so it was not read";
        }
    }
}
