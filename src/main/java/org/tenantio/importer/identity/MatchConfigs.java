package org.tenantio.importer.identity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.quality.EntityContracts;
import org.tenantio.importer.system.ImporterProperties;
import org.tenantio.importer.tenant.TenantRepository;

/**
 * The match rules in force for a tenant's entity: the tenant's own
 * {@code mappings/{tenantCode}/match.yaml} when it has one, else the {@code match:} section of
 * the entity's contract. An entity without either is not matched (rows load as today).
 */
@Component
public class MatchConfigs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final EntityContracts contracts;
    private final TenantRepository tenants;
    private final Path mappings;

    public MatchConfigs(EntityContracts contracts, TenantRepository tenants, ImporterProperties properties) {
        this.contracts = contracts;
        this.tenants = tenants;
        this.mappings = properties.mappings();
    }

    public Optional<MatchRules> find(UUID tenantId, String entity) {
        var contract = contracts.find(entity);
        if (contract.isEmpty()) {
            return Optional.empty(); // a tenant's match file tunes the entities that have a contract
        }
        JsonNode node = tenants.findById(tenantId).flatMap(t -> tenantFile(t.code(), entity))
                .orElseGet(() -> contract.get().match());
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(parse(node));
    }

    static MatchRules parse(JsonNode node) {
        try {
            return YAML.treeToValue(node, MatchRules.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new MappingException("Match rules cannot be read: " + e.getMessage(), e);
        }
    }

    /** The tenant's file names its entity ({@code entity:}, person when absent); other entities keep the contract's rules. */
    private Optional<JsonNode> tenantFile(String tenantCode, String entity) {
        if (!tenantCode.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        Path file = mappings.resolve(tenantCode).resolve("match.yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            return root.path("entity").asText("person").equals(entity) ? Optional.of(root.path("match")) : Optional.empty();
        } catch (IOException e) {
            throw new MappingException("Match rules " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
