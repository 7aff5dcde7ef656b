package org.tenantio.importer.identity;

import java.util.List;
import java.util.Set;

/**
 * An entity's match rules, from the {@code match:} section of its contract (or a tenant's
 * {@code mappings/{tenant}/match.yaml}): the blocking keys that find candidates, the features
 * that compare a pair, each with its weights in bits (log2 odds), and the thresholds.
 *
 * <p>A pair's score is {@code 1 / (1 + 2^-(prior + sum of feature weights))}: in [0, 1], and
 * every feature's contribution is its weight, so a reviewer can see why.
 */
public record MatchRules(Thresholds thresholds, double prior, int maxCandidatesPerKey, List<BlockingKey> blocking,
                         List<Feature> features, Guards guards) {

    public MatchRules {
        thresholds = thresholds == null ? new Thresholds(0.95, 0.80) : thresholds;
        maxCandidatesPerKey = maxCandidatesPerKey <= 0 ? 50 : maxCandidatesPerKey;
        blocking = blocking == null ? List.of() : List.copyOf(blocking);
        features = features == null ? List.of() : List.copyOf(features);
        guards = guards == null ? new Guards(2, Set.of()) : guards;
        if (thresholds.review() > thresholds.autoMerge()) {
            throw new IllegalArgumentException("match thresholds: review must not exceed autoMerge");
        }
    }

    /** autoMerge: at or above, merged without review; review: at or above, suggested to a steward. */
    public record Thresholds(double autoMerge, double review) {
    }

    /**
     * A blocking key: records whose key values are equal are compared. Each part is a field
     * name, optionally wrapped in one function: soundex, metaphone, initial, year, digits, lower.
     */
    public record BlockingKey(String name, List<String> parts) {
    }

    /**
     * One comparison. compare is one of name, exact, email, phone, date, text, digits; group
     * names the kind of evidence (name, dob, contact, address, identifier) for the guards.
     * swapWith names a field whose value may have been entered in this one (first and last name swapped).
     */
    public record Feature(String name, List<String> fields, String compare, String group, double agree, double partial,
                          double disagree, String swapWith) {
        public Feature {
            fields = fields == null || fields.isEmpty() ? List.of(name) : List.copyOf(fields);
            group = group == null ? name : group;
        }
    }

    /**
     * Guard rails on auto-merge: at least minGroups kinds of evidence must agree, and one of
     * them must be in requireOneOf (so a shared email or phone alone, or a common name alone,
     * is at most a review).
     */
    public record Guards(int minGroups, Set<String> requireOneOf) {
        public Guards {
            requireOneOf = requireOneOf == null ? Set.of() : Set.copyOf(requireOneOf);
        }
    }

    public double score(double logOdds) {
        return 1.0 / (1.0 + Math.pow(2.0, -(prior + logOdds)));
    }
}
