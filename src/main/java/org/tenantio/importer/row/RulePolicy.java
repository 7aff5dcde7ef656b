package org.tenantio.importer.row;

import org.tenantio.importer.row.EntityContract;

import org.tenantio.importer.row.Violation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules as they apply to one pipeline's run: the entity's contract and each rule's mode.
 * Applied to a row's violations after the rules ran: off drops one, warn records it without
 * quarantining the row, enforce reports it with the contract's severity.
 */
public record RulePolicy(EntityContract contract, Map<String, String> modes) {

    public static final RulePolicy NONE = new RulePolicy(null, Map.of());

    public RulePolicy {
        modes = modes == null ? Map.of() : Map.copyOf(modes);
    }

    /** A row that could not be read has nothing to load: PARSE rules are always enforced. */
    public String modeOf(String ruleCode) {
        return ruleCode.startsWith("PARSE-") ? "enforce" : modes.getOrDefault(ruleCode, "enforce");
    }

    /** The violations as this pipeline reports them; rules its contract does not name are kept as the code made them. */
    public List<Violation> apply(List<Violation> violations) {
        if (contract == null) {
            return violations.stream().filter(v -> !"off".equals(modeOf(v.ruleCode()))).toList();
        }
        return violations.stream().filter(v -> !"off".equals(modeOf(v.ruleCode()))).map(this::declared).toList();
    }

    private Violation declared(Violation v) {
        return contract.rule(v.ruleCode()).map(rule -> {
            Violation.Severity severity = "warn".equals(modeOf(v.ruleCode())) ? Violation.Severity.WARN
                    : Violation.Severity.valueOf((rule.severity() == null ? "error" : rule.severity()).toUpperCase(Locale.ROOT));
            return new Violation(v.ruleCode(), severity, v.field(), v.value(),
                    v.message() == null ? rule.message() : v.message(), v.hint() == null ? rule.hint() : v.hint());
        }).orElse(v);
    }

    /** The category the contract gives a rule, for the quarantine's filters and reports. */
    public String categoryOf(String ruleCode) {
        return contract == null ? null : contract.rule(ruleCode).map(EntityContract.Rule::category).orElse(null);
    }
}
