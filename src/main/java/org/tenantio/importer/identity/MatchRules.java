package org.tenantio.importer.identity;

import java.util.List;
import java.util.Set;

/**
 * An entity's match rules, from the {@code match:} section of its contract (or a tenant's
 * {@code mappings/{tenant}/match.yaml}): the blocking keys that find candidates, the features
 * that compare a pair, each with its weights in bits (log2 odds), and the thresholds.
 *
 * <p>maxCandidatesPerKey: a blocking key shared by more records than this is too common to be
 * informative and finds no candidates (the record's other keys still do).
 *
 * <p>A pair's score is {@code 1 / (1 + 2^-(prior + sum of feature weights))}: in [0, 1], and
 * every feature's contribution is its weight, so a reviewer can see why.
 */
public record MatchRules(Thresholds thresholds, double prior, int maxCandidatesPerKey, List<BlockingKey> blocking,
                         List<Feature> features, Guards guards, Households households, TermFrequencies termFrequencies) {

    public MatchRules {
        thresholds = thresholds == null ? new Thresholds(0.95, 0.80) : thresholds;
        maxCandidatesPerKey = maxCandidatesPerKey <= 0 ? 50 : maxCandidatesPerKey;
        blocking = blocking == null ? List.of() : List.copyOf(blocking);
        features = features == null ? List.of() : List.copyOf(features);
        guards = guards == null ? new Guards(2, Set.of(), Set.of(), Set.of()) : guards;
        households = households == null ? new Households(List.of(), List.of(), List.of()) : households;
        termFrequencies = termFrequencies == null ? new TermFrequencies(1000, 0, 1) : termFrequencies;
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
        public BlockingKey {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }
    }

    /**
     * One comparison. compare is one of name, exact, email, phone, date, text, digits; group
     * names the kind of evidence (name, dob, contact, address, identifier) for the guards.
     * swapWith names a field whose value may have been entered in this one (first and last name swapped).
     * termFrequency: the agree weight follows how common the value is in the tenant's records
     * (see {@link TermFrequencies}).
     */
    public record Feature(String name, List<String> fields, String compare, String group, double agree, double partial,
                          double disagree, String swapWith, boolean termFrequency) {
        public Feature {
            fields = fields == null || fields.isEmpty() ? List.of(name) : List.copyOf(fields);
            group = group == null ? name : group;
        }
    }

    /**
     * Guard rails on auto-merge: at least minGroups kinds of evidence must agree, and one of
     * them must be in requireOneOf (so a shared email or phone alone, or a common name alone,
     * is at most a review). corroborateWith: when not empty, one of these groups must also
     * agree firmly (one feature equal, none disagreeing), so a name and a birth date that many
     * people share are never enough on their own. vetoes: a disagreement in one of these groups
     * (another birth date: a parent and child of one name) rules auto-merge out.
     */
    public record Guards(int minGroups, Set<String> requireOneOf, Set<String> corroborateWith, Set<String> vetoes) {
        public Guards {
            requireOneOf = requireOneOf == null ? Set.of() : Set.copyOf(requireOneOf);
            corroborateWith = corroborateWith == null ? Set.of() : Set.copyOf(corroborateWith);
            vetoes = vetoes == null ? Set.of() : Set.copyOf(vetoes);
        }
    }

    /**
     * A household: the pair shares a home or a contact (one of the share features agrees) but a
     * differ feature disagrees outright (another first name: not a nickname, an initial or a
     * typo, which are partial or agree). Such a pair never auto-merges; it is linked instead.
     * unless: features whose agreement says one person after all (the same national id: the
     * first name was mistyped beyond recognition, not another person's).
     */
    public record Households(List<String> share, List<String> differ, List<String> unless) {
        public Households {
            share = share == null ? List.of() : List.copyOf(share);
            differ = differ == null ? List.of() : List.copyOf(differ);
            unless = unless == null ? List.of() : List.copyOf(unless);
        }

        public boolean enabled() {
            return !share.isEmpty() && !differ.isEmpty();
        }
    }

    /**
     * Term-frequency adjustment of agreeing values (as Splink does): an equal value shared by a
     * share p of the tenant's records is worth log2(1/p) bits instead of the feature's fixed agree
     * weight, kept between agree - maxPenalty and agree + maxBoost. Below minRecords records the
     * frequencies say too little and the fixed weight applies.
     */
    public record TermFrequencies(int minRecords, double maxBoost, double maxPenalty) {
    }

    public double score(double logOdds) {
        return 1.0 / (1.0 + Math.pow(2.0, -(prior + logOdds)));
    }
}
