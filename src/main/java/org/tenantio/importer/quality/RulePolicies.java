package org.tenantio.importer.quality;

import org.tenantio.importer.row.RulePolicy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.Pipeline;

/** Works out the rule policy of a pipeline: its entity's contract with the pipeline's own modes on top. */
@Component
public class RulePolicies {

    private final EntityContracts contracts;

    public RulePolicies(EntityContracts contracts) {
        this.contracts = contracts;
    }

    public RulePolicy of(Pipeline pipeline, String entity) {
        Map<String, String> overrides = new LinkedHashMap<>(pipeline.ruleModes());
        pipeline.disabledRules().forEach(code -> overrides.put(code, "off"));
        return contracts.find(entity)
                .map(contract -> new RulePolicy(contract, contract.modes(overrides)))
                .orElse(new RulePolicy(null, overrides));
    }
}
