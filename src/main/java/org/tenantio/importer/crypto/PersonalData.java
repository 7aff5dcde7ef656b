package org.tenantio.importer.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.InstallationSecrets;

/**
 * The one place personal values are encrypted and decrypted (docs/operations.md, "Encryption").
 * A sealed value is the self-describing text {@code enc:v1:<keyId>:<base64url(iv | ciphertext | tag)>}
 * (AES-256-GCM, a random 96-bit IV per value, the prefix and key id as associated data), so one
 * JSON document may hold values of several keys during a rotation and plain values written
 * before encryption still read. Next to each sealed field a document carries {@code <field>#h}, a
 * keyed hash (HMAC-SHA256, 128 bits, of the trimmed lower-case value, bound to the tenant and the
 * field): what exact-match lookups and export filters compare instead of the value.
 * Writers seal; readers call {@link #open(String)} on the stored text before parsing it.
 */
@Component
public class PersonalData {

    public static final String PREFIX = "enc:v1:";
    /** The suffix of a field's lookup hash in a sealed document. */
    public static final String HASH_SUFFIX = "#h";
    /** A raw row's lookup hashes of its identifier-like cells (for erasure). */
    public static final String RAW_HASHES = "#h";
    /** A phone's national number in most countries, without its trunk or country prefix. */
    private static final int PHONE_DIGITS = 9;
    private static final Pattern NON_DIGITS = Pattern.compile("\\D");
    private static final Pattern IDENTIFIER_LIKE = Pattern.compile(".*@.*|(?:\\D*\\d){7,}\\D*");
    private static final int TAG_BITS = 128;
    private static final int IV_BYTES = 12;

    private final FieldKeys keys;
    private final ObjectProvider<SensitiveFields> fields;
    private final ObjectMapper json;
    private final SecretKeySpec lookupKey;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(PersonalData::newCipher);
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<SecureRandom> randoms = ThreadLocal.withInitial(SecureRandom::new);

    public PersonalData(FieldKeys keys, ObjectProvider<SensitiveFields> fields, ObjectMapper json, InstallationSecrets secrets) {
        this.keys = keys;
        this.fields = fields;
        this.json = json;
        this.lookupKey = new SecretKeySpec(secrets.get("field-lookup", "IMPORTER_LOOKUP_HMAC_KEY"), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The fields of an entity stored encrypted (the contract's sensitive ones). */
    public Set<String> encryptedFields(String entityType) {
        if (entityType == null) {
            return Set.of();
        }
        long now = System.nanoTime();
        Known known = encryptedByEntity.get(entityType);
        if (known == null || now - known.readAt() > CONTRACT_RECHECK_NANOS) {
            SensitiveFields f = fields.getIfAvailable();
            known = new Known(f == null ? Set.of() : f.encrypted(entityType), now);
            encryptedByEntity.put(entityType, known);
        }
        return known.fields();
    }

    // Sealing asks per row; the contract file is looked at again after a second.
    private static final long CONTRACT_RECHECK_NANOS = 1_000_000_000L;
    private final Map<String, Known> encryptedByEntity = new java.util.concurrent.ConcurrentHashMap<>();

    private record Known(Set<String> fields, long readAt) {
    }

    /** Whether the field (or the list of a merged record's values of it, e.g. emails) is stored encrypted. */
    public static boolean covers(Set<String> encrypted, String field) {
        return encrypted.contains(field) || field.endsWith("s") && encrypted.contains(field.substring(0, field.length() - 1));
    }

    /**
     * A record's fields as the JSON to store: the entity's sensitive fields sealed, each with its
     * lookup hash; other fields as they are.
     */
    public String sealFields(UUID tenantId, String entityType, Map<String, ?> values) {
        Set<String> encrypted = encryptedFields(entityType);
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (value == null || !covers(encrypted, field)) {
                // A plain value that looks sealed is sealed, so every stored "enc:v1:" text is real.
                out.put(field, value instanceof String s && s.startsWith(PREFIX) ? seal(s) : value);
                return;
            }
            String base = encrypted.contains(field) ? field : field.substring(0, field.length() - 1);
            if (value instanceof List<?> list) {
                List<Object> sealed = new ArrayList<>(list.size());
                List<String> hashes = new ArrayList<>(list.size());
                for (Object v : list) {
                    sealed.add(v == null ? null : seal(v.toString()));
                    if (v != null) {
                        hashes.add(lookup(tenantId, base, v.toString()));
                    }
                }
                out.put(field, sealed);
                out.put(field + HASH_SUFFIX, hashes);
            } else {
                String text = value.toString();
                out.put(field, seal(text));
                if (!text.isBlank()) {
                    out.put(field + HASH_SUFFIX, lookup(tenantId, base, text));
                }
            }
        });
        return write(out);
    }

    /** A record's fields as a JSON tree to store (see {@link #sealFields}). */
    public JsonNode sealTree(UUID tenantId, String entityType, Map<String, ?> values) {
        try {
            return json.readTree(sealFields(tenantId, entityType, values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Sealed fields cannot be read back", e);
        }
    }

    /**
     * A row as read from its file, to store: every cell sealed (what a column holds is not known
     * before mapping), with the lookup hashes of the identifier-like cells (an email, a phone) under
     * {@link #RAW_HASHES}, so an erasure finds the rows that quote a person.
     */
    public String sealRaw(UUID tenantId, Map<String, String> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> hashes = new ArrayList<>();
        raw.forEach((column, value) -> {
            out.put(column, value == null ? null : seal(value));
            // Every cell, not only contact-like ones: an erasure finds a person's rows by external id too.
            if (value != null && !value.isBlank()) {
                hashes.add(lookup(tenantId, "cell", value));
                String phone = phoneLookup(tenantId, value);
                if (phone != null) {
                    hashes.add(phone);
                }
            }
        });
        if (!hashes.isEmpty()) {
            out.put(RAW_HASHES, hashes);
        }
        return write(out);
    }

    /**
     * A pair comparison (identity features: the left and right value of each feature) to store:
     * both values sealed, in place.
     */
    public JsonNode sealFeatures(JsonNode features) {
        if (features instanceof ArrayNode array) {
            for (JsonNode f : array) {
                if (f instanceof ObjectNode o) {
                    for (String side : List.of("left", "right")) {
                        if (o.path(side).isTextual()) {
                            o.put(side, seal(o.get(side).asText()));
                        }
                    }
                }
            }
        }
        return features;
    }

    /** The lookup hash a raw cell holding this identifier carries (see {@link #sealRaw}). */
    public String cellLookup(UUID tenantId, String value) {
        return lookup(tenantId, "cell", value);
    }

    /**
     * The lookup hash of a phone-like value by its last nine digits, so the E.164 form the core
     * holds (+447911123457) finds the cell a file wrote as 07911 123457; null for other values.
     */
    public String phoneLookup(UUID tenantId, String value) {
        String digits = phoneDigits(value);
        return digits == null ? null : lookup(tenantId, "tel", digits);
    }

    /** The last nine digits of a phone-like value (7+ digits, no @), or null: how a phone is matched across forms. */
    public static String phoneDigits(String value) {
        if (value.indexOf('@') >= 0 || !IDENTIFIER_LIKE.matcher(value.strip()).matches()) {
            return null;
        }
        String digits = NON_DIGITS.matcher(value).replaceAll("");
        return digits.length() < PHONE_DIGITS ? null : digits.substring(digits.length() - PHONE_DIGITS);
    }

    /** One value sealed under the current key (null and empty stay as they are). */
    public String seal(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        int keyId = keys.keyForWrite();
        String aad = PREFIX + keyId + ":";
        try {
            byte[] iv = new byte[IV_BYTES];
            randoms.get().nextBytes(iv);
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = value.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[IV_BYTES + c.getOutputSize(plain.length)];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            c.doFinal(plain, 0, plain.length, out, IV_BYTES);
            return aad + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A value could not be encrypted", e);
        }
    }

    /** One stored value in clear: a sealed value decrypted, a plain (legacy) value as it is. */
    public String openValue(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new IllegalStateException("A stored value has a damaged encryption header");
        }
        try {
            int keyId = Integer.parseInt(stored.substring(PREFIX.length(), colon));
            byte[] all = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(stored.substring(0, colon + 1).getBytes(StandardCharsets.US_ASCII));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored value cannot be decrypted (damaged, or sealed under another master key)");
        }
    }

    /** The stored value re-sealed under the current key (a rotation), or the same text if it is plain. */
    public String reseal(String stored) {
        return stored == null || !stored.startsWith(PREFIX) ? stored : seal(openValue(stored));
    }

    /**
     * A stored JSON document in clear: every sealed string decrypted, lookup hashes dropped. Text
     * with nothing sealed in it is returned as it is, unparsed.
     */
    public String open(String stored) {
        if (stored == null || !stored.contains(PREFIX) && !stored.contains(HASH_SUFFIX + "\"")) {
            return stored;
        }
        try {
            return json.writeValueAsString(openTree(json.readTree(stored)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored document cannot be read", e);
        }
    }

    /** A stored JSON tree in clear (in place); see {@link #open(String)}. */
    public JsonNode openTree(JsonNode node) {
        return eachSealed(node, this::openValue, true);
    }

    /** A stored JSON document re-sealed under the current key; the same text when nothing in it is sealed. */
    public String resealDocument(String stored) {
        if (stored == null || !stored.contains(PREFIX)) {
            return stored;
        }
        try {
            return json.writeValueAsString(eachSealed(json.readTree(stored), this::reseal, false));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored document cannot be read", e);
        }
    }

    /** Replaces every sealed string of the tree (in place) by what {@code change} makes of it; drops lookup hashes if asked. */
    private static JsonNode eachSealed(JsonNode node, java.util.function.UnaryOperator<String> change, boolean dropHashes) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = object.get(name);
                if (dropHashes && name.endsWith(HASH_SUFFIX)) {
                    object.remove(name);
                } else if (v.isTextual() && v.asText().startsWith(PREFIX)) {
                    object.set(name, TextNode.valueOf(change.apply(v.asText())));
                } else {
                    eachSealed(v, change, dropHashes);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (v.isTextual() && v.asText().startsWith(PREFIX)) {
                    array.set(i, TextNode.valueOf(change.apply(v.asText())));
                } else {
                    eachSealed(v, change, dropHashes);
                }
            }
        }
        return node;
    }

    /** The keyed lookup hash of a field's value in a tenant (trimmed, lower case). */
    public String lookup(UUID tenantId, String field, String value) {
        Mac mac = macs.get();
        mac.update((tenantId + "\u0000" + field + "\u0000").getBytes(StandardCharsets.UTF_8));
        byte[] full = mac.doFinal(value.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
    }

    private String write(Map<String, Object> out) {
        try {
            return json.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Row cannot be written as JSON", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
