package org.tenantio.importer.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secrets of this installation (signing, masking, hashing and encryption keys). A secret comes
 * from the environment when the operator set one; otherwise it is generated once, kept in
 * {@code data/secrets/NAME} with mode 600 and reused on every start, so no installation ever runs
 * on a key that is public in the source code. Several instances on one database must share the
 * folder or set the variables.
 */
@Component
public class InstallationSecrets {

    private static final Logger log = LoggerFactory.getLogger(InstallationSecrets.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,40}");

    private final Environment environment;
    private final Path folder;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public InstallationSecrets(Environment environment,
            @Value("${importer.secrets-dir:${user.dir}/data/secrets}") Path folder) {
        this.environment = environment;
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * The secret {@code name} (lower-case, e.g. {@code webhook-signing}): the value of the
     * environment variable or property {@code envVar} when it is set and not blank, else the
     * installation's generated 32-byte key. The configured value is used as its UTF-8 bytes.
     */
    public byte[] get(String name, String envVar) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("secret name must match " + NAME.pattern());
        }
        return cache.computeIfAbsent(name, n -> {
            String configured = envVar == null ? null : environment.getProperty(envVar);
            if (configured != null && !configured.isBlank()) {
                return configured.getBytes(StandardCharsets.UTF_8);
            }
            return generatedOrStored(n, envVar);
        }).clone();
    }

    private byte[] generatedOrStored(String name, String envVar) {
        Path file = folder.resolve(name);
        try {
            Files.createDirectories(folder);
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key),
                            StandardOpenOption.TRUNCATE_EXISTING);
                    log.info("Generated secret '{}' for this installation in {} (mode 600); set {} to supply your own",
                            name, folder, envVar == null ? "it" : envVar);
                } catch (FileAlreadyExistsException raced) {
                    // another instance on the same folder wrote it first: read theirs below
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the installation secret '" + name + "'", e);
        }
    }
}
