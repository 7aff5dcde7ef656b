package org.tenantio.importer.mapping;

import org.tenantio.importer.row.ColumnMapping;

import org.tenantio.importer.row.MappingDefinition;

import org.tenantio.importer.row.MappingVersion;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tenantio.importer.system.ImporterProperties;

/**
 * Reads mapping files from the {@code mappings/} folder and versions them: each distinct
 * content gets the next version number, so a run can say exactly which mapping it used
 * and editing the file never rewrites history. A tenant reads only its own folder
 * ({@code mappings/{tenant}/}) and the shared ones ({@code shared/}, {@code contracts/}), links
 * resolved: another tenant's mapping is never read, validated or shown for it.
 */
@Component
public class MappingRepository {

    /** Folders every tenant may name: mappings shipped for all, and the entity contracts. */
    public static final java.util.List<String> SHARED = java.util.List.of("shared", "contracts");
    private static final java.util.regex.Pattern REF = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)+");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path root;
    private final JdbcTemplate jdbc;

    public MappingRepository(ImporterProperties properties, JdbcTemplate jdbc) {
        this.root = properties.mappings();
        this.jdbc = jdbc;
    }

    /** Reads the mapping a pipeline refers to and returns its (possibly new) version. */
    @Transactional
    public MappingVersion currentVersion(UUID tenantId, UUID pipelineId, String mappingRef) {
        String content = mappingRef == null ? inline(tenantId, pipelineId) : read(tenantId, mappingRef);
        MappingDefinition definition = parse(mappingRef == null ? "inline mapping" : mappingRef, content);
        return new MappingVersion(recordVersion(tenantId, pipelineId, content), DigestUtils.sha256Hex(content), definition);
    }

    /**
     * The version of this content of a pipeline's definition: the one it already has, or the next
     * number. Export pipelines version their definitions here too.
     */
    @Transactional
    public int recordVersion(UUID tenantId, UUID pipelineId, String content) {
        String checksum = DigestUtils.sha256Hex(content);
        // Serialise version allocation per pipeline so two runs starting together agree.
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?::text))", Object.class, pipelineId.toString());
        Integer existing = jdbc.query(
                "SELECT version FROM mapping_versions WHERE tenant_id = ? AND pipeline_id = ? AND checksum = ?",
                rs -> rs.next() ? rs.getInt(1) : null, tenantId, pipelineId, checksum);
        if (existing != null) {
            return existing;
        }
        Integer next = jdbc.queryForObject(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM mapping_versions WHERE tenant_id = ? AND pipeline_id = ?",
                Integer.class, tenantId, pipelineId);
        jdbc.update("INSERT INTO mapping_versions (tenant_id, pipeline_id, version, checksum, content) VALUES (?, ?, ?, ?, ?)",
                tenantId, pipelineId, next, checksum, content);
        return next;
    }

    /** A version a run used, as it was then (the file may have changed since). */
    public MappingVersion version(UUID tenantId, UUID pipelineId, int version) {
        return jdbc.query("SELECT checksum, content FROM mapping_versions WHERE tenant_id = ? AND pipeline_id = ? AND version = ?",
                rs -> {
                    if (!rs.next()) {
                        throw new MappingException("Mapping version " + version + " is not recorded");
                    }
                    return new MappingVersion(version, rs.getString(1), parse("version " + version, rs.getString(2)));
                }, tenantId, pipelineId, version);
    }

    /** The mapping a file holds, checked, without recording a version: for validating the current tenant's definition. */
    public MappingDefinition definitionOf(String mappingRef) {
        UUID tenantId = org.tenantio.importer.system.TenantScope.current()
                .orElseThrow(() -> new MappingException("Mapping reference '" + mappingRef + "' cannot be checked outside a tenant"));
        return parse(mappingRef, read(tenantId, mappingRef));
    }

    public static MappingDefinition parseInline(String content) {
        return parse("inline mapping", content);
    }

    private String inline(UUID tenantId, UUID pipelineId) {
        String content = jdbc.query("SELECT mapping_inline FROM pipelines WHERE tenant_id = ? AND id = ?",
                rs -> rs.next() ? rs.getString(1) : null, tenantId, pipelineId);
        if (content == null) {
            throw new MappingException("The pipeline has neither a mapping file nor an inline mapping");
        }
        return content;
    }

    String read(UUID tenantId, String mappingRef) {
        String code = jdbc.query("SELECT code FROM tenants WHERE id = ?", rs -> rs.next() ? rs.getString(1) : null, tenantId);
        return read(code, mappingRef);
    }

    /** The content of a mapping file the tenant {@code code} may use; refused for any other. */
    String read(String code, String mappingRef) {
        if (!REF.matcher(mappingRef).matches() || mappingRef.contains("..")) {
            throw new MappingException("Mapping reference '" + mappingRef.replaceAll("[^A-Za-z0-9./_-]", "?")
                    + "' must be a path like " + code + "/people.yaml");
        }
        String folder = mappingRef.substring(0, mappingRef.indexOf('/'));
        if (!folder.equals(code) && !SHARED.contains(folder)) {
            throw new MappingException("Mapping reference '" + mappingRef + "' is not yours: a pipeline may name its tenant's "
                    + "own mapping files (" + code + "/...) or shared ones (" + String.join("/..., ", SHARED) + "/...)");
        }
        Path file = root.resolve(mappingRef).normalize();
        try {
            Path allowed = root.resolve(folder).toRealPath();
            Path real = file.toRealPath();
            if (!allowed.startsWith(root.toRealPath()) || !real.startsWith(allowed)) {
                throw new MappingException("Mapping reference '" + mappingRef + "' resolves outside its folder");
            }
            return Files.readString(real, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException("Mapping file '" + mappingRef + "' cannot be read", e);
        }
    }

    static MappingDefinition parse(String mappingRef, String content) {
        MappingDefinition definition;
        try {
            definition = YAML.readValue(content, MappingDefinition.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MappingException("Mapping file '" + mappingRef + "' is not valid: " + e.getOriginalMessage(), e);
        }
        if (definition == null || definition.entity() == null || definition.columns().isEmpty()) {
            throw new MappingException("Mapping file '" + mappingRef + "' needs an entity and at least one column");
        }
        Set<String> fields = new HashSet<>();
        for (ColumnMapping column : definition.columns()) {
            if (column.source() == null || column.source().isBlank()) {
                throw new MappingException("Mapping file '" + mappingRef + "' has a column without a source");
            }
            if (!fields.add(column.field())) {
                throw new MappingException("Mapping file '" + mappingRef + "' maps two columns to field '" + column.field() + "'");
            }
            for (String t : column.transforms()) {
                if (!ValueTransforms.isKnown(t)) {
                    throw new MappingException("Mapping file '" + mappingRef + "' uses unknown transform '" + t
                            + "' on column '" + column.source() + "' (known: " + ValueTransforms.KNOWN + ")");
                }
            }
        }
        return definition;
    }
}
