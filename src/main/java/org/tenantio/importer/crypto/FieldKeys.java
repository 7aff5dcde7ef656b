package org.tenantio.importer.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tenantio.importer.system.InstallationSecrets;

/**
 * The keys personal values are encrypted with (docs/operations.md, "Encryption"). Envelope
 * encryption: data keys (AES-256) live in {@code encryption_keys}, each wrapped with AES-GCM by the
 * installation's master key, so every instance on one database shares them and a rotation is one
 * more row; the master key comes from IMPORTER_ENCRYPTION_KEY (base64 of 32 bytes), a file named by
 * IMPORTER_ENCRYPTION_KEY_FILE, or is generated once per installation under data/secrets. A master
 * key that does not open the stored data keys stops the start: values encrypted by another key
 * would otherwise be unreadable, or new ones written under a key nobody keeps.
 */
@Component
public class FieldKeys {

    private static final Logger log = LoggerFactory.getLogger(FieldKeys.class);
    static final String SECRET_NAME = "field-encryption";
    private static final int TAG_BITS = 128;
    private static final int IV_BYTES = 12;
    private static final Object TX_KEY = new Object();

    private final JdbcTemplate jdbc;
    private final SecretKey master;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, SecretKey> keys = new ConcurrentHashMap<>();

    public FieldKeys(JdbcTemplate jdbc, InstallationSecrets secrets,
                     @Value("${importer.encryption.key:}") String configured,
                     @Value("${importer.encryption.key-file:}") String keyFile,
                     @Value("${importer.secrets-dir:${user.dir}/data/secrets}") Path secretsDir) {
        this.jdbc = jdbc;
        this.master = new SecretKeySpec(masterKey(secrets, configured, keyFile, secretsDir), "AES");
        openStoredKeys();
    }

    private static byte[] masterKey(InstallationSecrets secrets, String configured, String keyFile, Path secretsDir) {
        if (configured != null && !configured.isBlank()) {
            log.info("Field encryption: master key from IMPORTER_ENCRYPTION_KEY");
            return decoded(configured, "IMPORTER_ENCRYPTION_KEY");
        }
        if (keyFile != null && !keyFile.isBlank()) {
            Path file = Path.of(keyFile);
            try {
                log.info("Field encryption: master key from the file {} (IMPORTER_ENCRYPTION_KEY_FILE)", file.getFileName());
                return decoded(Files.readString(file, StandardCharsets.US_ASCII), "IMPORTER_ENCRYPTION_KEY_FILE");
            } catch (IOException e) {
                throw new IllegalStateException("IMPORTER_ENCRYPTION_KEY_FILE names a file that cannot be read: " + file.getFileName());
            }
        }
        byte[] generated = secrets.get(SECRET_NAME, null);
        log.warn("Field encryption: no IMPORTER_ENCRYPTION_KEY or IMPORTER_ENCRYPTION_KEY_FILE is set; using this installation's"
                + " generated master key in {}. Back it up: without it the encrypted values cannot be read.",
                secretsDir.resolve(SECRET_NAME).toAbsolutePath().normalize());
        return generated;
    }

    private static byte[] decoded(String text, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes in base64 (e.g. the output of"
                    + " `openssl rand -base64 32`); the value given is not such a key");
        }
        return key;
    }

    /** Opens every stored data key; creates the first one on a new database. */
    private void openStoredKeys() {
        if (storedKeys().isEmpty()) {
            byte[] first = new byte[32];
            random.nextBytes(first);
            // Two instances starting on a new database: one insert wins, both open the same key.
            jdbc.update("INSERT INTO encryption_keys (id, wrapped, current) VALUES (1, ?, true) ON CONFLICT DO NOTHING",
                    wrap(1, first));
        }
        storedKeys().forEach(k -> keys.put(k.id(), unwrap(k.id(), k.wrapped())));
        log.info("Field encryption: {} data key(s) opened, current key id {}", keys.size(), currentKeyId());
    }

    private record StoredKey(int id, String wrapped) {
    }

    private List<StoredKey> storedKeys() {
        return jdbc.query("SELECT id, wrapped FROM encryption_keys ORDER BY id",
                (rs, n) -> new StoredKey(rs.getInt(1), rs.getString(2)));
    }

    /** The data key with this id; a key another instance created since is read from the database. */
    SecretKey key(int id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            storedKeys().stream().filter(k -> !keys.containsKey(k.id()))
                    .forEach(k -> keys.put(k.id(), unwrap(k.id(), k.wrapped())));
            key = keys.get(id);
        }
        if (key == null) {
            throw new IllegalStateException("A value is encrypted with data key " + id + ", which this database does not hold");
        }
        return key;
    }

    /** The id of the key that is current now (a read, no lock). */
    public int currentKeyId() {
        Integer id = jdbc.queryForObject("SELECT max(id) FROM encryption_keys WHERE current", Integer.class);
        if (id == null) {
            throw new IllegalStateException("No current encryption key");
        }
        return id;
    }

    /**
     * The key new values are written with. In a transaction the current key's row is share-locked
     * until the transaction ends, once per transaction: a rotation switches keys only when no
     * writer is still encrypting under the old one, so its re-encryption cannot miss their values.
     */
    int keyForWrite() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return currentKeyId();
        }
        Integer bound = (Integer) TransactionSynchronizationManager.getResource(TX_KEY);
        if (bound != null) {
            return bound;
        }
        String lockCurrent = "SELECT id FROM encryption_keys WHERE current FOR SHARE";
        List<Integer> id = jdbc.queryForList(lockCurrent, Integer.class);
        if (id.isEmpty()) {
            // A rotation committed while this statement waited: its snapshot saw the old key only.
            id = jdbc.queryForList(lockCurrent, Integer.class);
        }
        int current = id.get(0);
        TransactionSynchronizationManager.bindResource(TX_KEY, current);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(TX_KEY);
            }
        });
        return current;
    }

    /**
     * Creates a new data key and makes it current (in the caller's transaction, which waits for
     * writers under the old key to commit); returns its id.
     */
    public int createCurrentKey() {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        Integer next = jdbc.queryForObject("SELECT COALESCE(max(id), 0) + 1 FROM encryption_keys", Integer.class);
        int id = next == null ? 1 : next;
        jdbc.update("UPDATE encryption_keys SET current = false WHERE current");
        jdbc.update("INSERT INTO encryption_keys (id, wrapped, current) VALUES (?, ?, true)", id, wrap(id, fresh));
        keys.put(id, new SecretKeySpec(fresh, "AES"));
        return id;
    }

    private String wrap(int id, byte[] key) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(id));
            byte[] out = c.doFinal(key);
            byte[] all = new byte[iv.length + out.length];
            System.arraycopy(iv, 0, all, 0, iv.length);
            System.arraycopy(out, 0, all, iv.length, out.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private SecretKey unwrap(int id, String wrapped) {
        try {
            byte[] all = Base64.getDecoder().decode(wrapped);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(aad(id));
            return new SecretKeySpec(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), "AES");
        } catch (javax.crypto.AEADBadTagException | IllegalArgumentException e) {
            throw new IllegalStateException("The encryption master key does not open data key " + id + " stored in the database:"
                    + " IMPORTER_ENCRYPTION_KEY (or IMPORTER_ENCRYPTION_KEY_FILE, or data/secrets/" + SECRET_NAME
                    + ") is not the key this database's values were encrypted under. Start with the right key;"
                    + " nothing was written.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] aad(int id) {
        return ("importer-data-key:" + id).getBytes(StandardCharsets.US_ASCII);
    }
}
