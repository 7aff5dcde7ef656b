package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files uploaded for a preview and not yet started, held in a temporary folder for the session
 * that uploaded them: starting the run hands the file to the intake and deletes it here; a session
 * that ends (sign-out, idle timeout) deletes whatever is left.
 */
final class PendingUploads implements HttpSessionBindingListener {

    static final String ATTRIBUTE = "console.pendingUploads";

    record Pending(String pipeline, String fileName, Path file, boolean dryRun) {
    }

    private final Map<String, Pending> files = new ConcurrentHashMap<>();

    static PendingUploads of(HttpSession session) {
        synchronized (session) {
            PendingUploads uploads = (PendingUploads) session.getAttribute(ATTRIBUTE);
            if (uploads == null) {
                uploads = new PendingUploads();
                session.setAttribute(ATTRIBUTE, uploads);
            }
            return uploads;
        }
    }

    String hold(String pipeline, String fileName, boolean dryRun, InputStream content) {
        try {
            Path file = Files.createTempFile("console-upload-", ".part");
            Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            String token = UUID.randomUUID().toString();
            files.put(token, new Pending(pipeline, fileName, file, dryRun));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Pending get(String token) {
        Pending p = files.get(token);
        if (p == null) {
            throw new ConsoleRefusal(404, "That upload is no longer held (it was started, or the session ended); upload the file again");
        }
        return p;
    }

    void release(String token) {
        Pending p = files.remove(token);
        if (p != null) {
            delete(p.file());
        }
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        files.values().forEach(p -> delete(p.file()));
        files.clear();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file left behind is the operating system's to clean; nothing of the tenant's depends on it
        }
    }
}
