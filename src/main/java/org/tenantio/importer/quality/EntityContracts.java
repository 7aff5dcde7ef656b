package org.tenantio.importer.quality;

import org.tenantio.importer.row.EntityContract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.system.ImporterProperties;

/** Loads entity contracts from {@code mappings/contracts/}, once per file change. */
@Component
public class EntityContracts implements org.tenantio.importer.crypto.SensitiveFields {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path folder;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long modified, EntityContract contract) {
    }

    public EntityContracts(ImporterProperties properties) {
        this.folder = properties.mappings().resolve("contracts");
    }

    /** The entity's contract, or empty when it has none (its rows then get no entity rules). */
    public Optional<EntityContract> find(String entity) {
        if (entity == null || !entity.matches("[a-z][a-z0-9_]*")) {
            return Optional.empty();
        }
        Path file = folder.resolve(entity + ".yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            Cached cached = cache.get(entity);
            if (cached == null || cached.modified() != modified) {
                cached = new Cached(modified, YAML.readValue(file.toFile(), EntityContract.class));
                cache.put(entity, cached);
            }
            return Optional.of(cached.contract());
        } catch (IOException e) {
            throw new MappingException("Contract " + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The contract's fields stored encrypted at rest (docs/operations.md, "Encryption"). */
    @Override
    public java.util.Set<String> encrypted(String entityType) {
        return find(entityType).map(EntityContract::encryptedFields).orElse(java.util.Set.of());
    }
}
