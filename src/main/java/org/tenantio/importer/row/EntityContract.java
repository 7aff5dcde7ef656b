package org.tenantio.importer.row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity's contract, read from {@code mappings/contracts/{entity}.yaml}: its fields and the
 * data-quality rules that apply to it, each with severity, default mode, message, hint and category,
 * and its match rules for identity resolution (read by identity.MatchConfigs).
 */
public record EntityContract(String entity, Map<String, Field> fields, List<Rule> rules,
                             com.fasterxml.jackson.databind.JsonNode match) {

    public EntityContract {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * A field; masking (redact, partial or hash) is how exports show it unless a pipeline is
     * authorised for it. encrypted: stored encrypted at rest; by default the sensitive fields and
     * the contact fields (email, phone), and any field the contract marks {@code encrypted: true}.
     */
    public record Field(String type, String sensitivity, List<String> normalisers, String masking, Boolean encrypted) {

        public boolean encryptedAtRest() {
            return encrypted != null ? encrypted
                    : "sensitive".equals(sensitivity) || "email".equals(type) || "phone".equals(type);
        }
    }

    /** The fields stored encrypted at rest. */
    public java.util.Set<String> encryptedFields() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        fields.forEach((name, f) -> {
            if (f != null && f.encryptedAtRest()) {
                out.add(name);
            }
        });
        return java.util.Set.copyOf(out);
    }

    public record Rule(String code, String severity, String mode, String category, String message, String hint) {
        public String modeOrDefault() {
            return mode == null ? "enforce" : mode;
        }
    }

    public Optional<Rule> rule(String code) {
        return rules.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** Each rule's mode for one pipeline: its own override, else the contract's default. */
    public Map<String, String> modes(Map<String, String> overrides) {
        Map<String, String> modes = new LinkedHashMap<>();
        rules.forEach(r -> modes.put(r.code(), overrides.getOrDefault(r.code(), r.modeOrDefault())));
        return modes;
    }

    public static final List<String> MODES = List.of("enforce", "warn", "off");
}
