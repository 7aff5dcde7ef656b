package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Scores a pair of records under an entity's match rules: every feature compares its field(s)
 * and contributes its agree, partial or disagree weight (nothing when a side has no value);
 * the sum gives the score. The guard rails then decide whether a high score may auto-merge.
 */
public final class PairScorer {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

    private final MatchRules rules;

    public PairScorer(MatchRules rules) {
        this.rules = rules;
    }

    public MatchRules rules() {
        return rules;
    }

    public enum Level { AGREE, PARTIAL, DISAGREE, MISSING }

    /** What the pair's score means for the records: merge them, ask a steward, or leave them apart. */
    public enum Decision { AUTO_MERGE, REVIEW, DIFFERENT }

    /** One feature's comparison: the values compared, how they compare, and the weight it adds. */
    public record Contribution(String feature, String left, String right, String level, double similarity,
                               double weight) {
    }

    /**
     * A pair's score and decision. household: the pair shares a home or a contact but not a
     * first name (siblings, parents, twins): never an auto-merge, linked as a household.
     */
    public record Score(double score, Decision decision, List<Contribution> features, Set<String> agreeingGroups,
                        boolean household) {
    }

    public Score score(Map<String, ?> left, Map<String, ?> right) {
        return score(left, right, ValueFrequencies.NONE);
    }

    /** Scores the pair with agree weights of term-frequency features following the tenant's value frequencies. */
    public Score score(Map<String, ?> left, Map<String, ?> right, ValueFrequencies frequencies) {
        List<Contribution> features = new ArrayList<>(rules.features().size());
        Map<String, int[]> groups = new LinkedHashMap<>(); // group -> {disagreements, agreements incl. partial, exact agreements}
        Map<String, Double> net = new LinkedHashMap<>();
        double total = 0;
        for (MatchRules.Feature f : rules.features()) {
            Contribution c = compare(f, left, right, frequencies);
            features.add(c);
            total += c.weight();
            int[] g = groups.computeIfAbsent(f.group(), k -> new int[3]);
            net.merge(f.group(), c.weight(), Double::sum);
            if (c.level().startsWith("disagree")) {
                g[0]++;
            } else if (c.level().startsWith("agree")) {
                g[1]++;
                g[2]++;
            } else if (c.level().startsWith("partial")) {
                g[1]++;
            }
        }
        Set<String> agreeing = new LinkedHashSet<>();
        Set<String> firm = new LinkedHashSet<>();
        Set<String> disagreeing = new LinkedHashSet<>();
        groups.forEach((group, g) -> {
            if (net.get(group) > 0 && g[0] == 0 && g[1] > 0) {
                agreeing.add(group);
                if (g[2] > 0) {
                    firm.add(group);
                }
            }
            if (g[0] > 0) {
                disagreeing.add(group);
            }
        });
        boolean household = household(features);
        double score = Math.round(rules.score(total) * 10_000) / 10_000.0;
        return new Score(score, decide(score, agreeing, firm, disagreeing, household), features, agreeing, household);
    }

    /** One of the household share features agrees and one of its differ features disagrees outright. */
    private boolean household(List<Contribution> features) {
        MatchRules.Households h = rules.households();
        if (!h.enabled()) {
            return false;
        }
        boolean shares = features.stream().anyMatch(c -> h.share().contains(c.feature()) && c.level().startsWith("agree"));
        boolean oneAfterAll = features.stream().anyMatch(c -> h.unless().contains(c.feature()) && c.level().startsWith("agree"));
        return shares && !oneAfterAll
                && features.stream().anyMatch(c -> h.differ().contains(c.feature()) && c.level().equals("disagree"));
    }

    private Decision decide(double score, Set<String> agreeing, Set<String> firm, Set<String> disagreeing, boolean household) {
        MatchRules.Guards guards = rules.guards();
        boolean guarded = agreeing.size() >= guards.minGroups()
                && (guards.requireOneOf().isEmpty() || guards.requireOneOf().stream().anyMatch(agreeing::contains))
                && (guards.corroborateWith().isEmpty() || guards.corroborateWith().stream().anyMatch(firm::contains))
                && guards.vetoes().stream().noneMatch(disagreeing::contains)
                && !household;
        if (score >= rules.thresholds().autoMerge() && guarded) {
            return Decision.AUTO_MERGE;
        }
        return score >= rules.thresholds().review() ? Decision.REVIEW : Decision.DIFFERENT;
    }

    private Contribution compare(MatchRules.Feature f, Map<String, ?> left, Map<String, ?> right,
                                 ValueFrequencies frequencies) {
        List<String> a = values(f, left);
        List<String> b = values(f, right);
        if (a.isEmpty() || b.isEmpty()) {
            return new Contribution(f.name(), a.isEmpty() ? null : a.get(0), b.isEmpty() ? null : b.get(0), "missing", 0, 0);
        }
        Best best = best(f.compare(), a, b);
        String note = "";
        if (best.level != Level.AGREE && f.swapWith() != null) {
            Best swapped = swapped(f, left, right);
            if (swapped != null && swapped.level.ordinal() < best.level.ordinal()) {
                best = swapped;
                note = " (swapped with " + f.swapWith() + ")";
            }
        }
        double weight = switch (best.level) {
            case AGREE -> f.termFrequency() ? agreeWeight(f, best, frequencies) : f.agree();
            case PARTIAL -> f.partial();
            case DISAGREE -> f.disagree();
            case MISSING -> 0;
        };
        return new Contribution(f.name(), best.left, best.right, best.level.name().toLowerCase(java.util.Locale.ROOT) + note,
                Math.round(best.similarity * 1000) / 1000.0, weight);
    }

    /**
     * Splink's term-frequency adjustment with u taken from the data: equal values shared by a
     * share p of the records are worth log2(1/p) bits (the more common of the two values, when a
     * nickname or typo made them differ), bounded around the configured agree weight.
     */
    private double agreeWeight(MatchRules.Feature f, Best best, ValueFrequencies frequencies) {
        MatchRules.TermFrequencies tf = rules.termFrequencies();
        String field = f.fields().get(0);
        long records = frequencies.total(field);
        long count = Math.max(frequencies.count(field, best.left), frequencies.count(field, best.right));
        if (records < tf.minRecords() || count <= 0) {
            return f.agree();
        }
        double bits = Math.log((double) records / count) / Math.log(2);
        double adjusted = Math.max(f.agree() - tf.maxPenalty(), Math.min(f.agree() + tf.maxBoost(), bits));
        return Math.round(adjusted * 100) / 100.0;
    }

    /** The swapped comparison: this field of one side against the swapWith field of the other, both ways. */
    private Best swapped(MatchRules.Feature f, Map<String, ?> left, Map<String, ?> right) {
        List<String> a = values(f, left);
        List<String> b = values(f, right);
        List<String> aOther = FieldValues.of(left, f.swapWith());
        List<String> bOther = FieldValues.of(right, f.swapWith());
        Best ab = bOther.isEmpty() ? null : best(f.compare(), a, bOther);
        Best ba = aOther.isEmpty() ? null : best(f.compare(), aOther, b);
        if (ab == null || ba == null || ab.level.ordinal() > Level.PARTIAL.ordinal()
                || ba.level.ordinal() > Level.PARTIAL.ordinal()) {
            return null;
        }
        // Both names crossed over: as good as the worse of the two cross comparisons (a typo in one stays partial).
        Level level = ab.level == Level.AGREE && ba.level == Level.AGREE ? Level.AGREE : Level.PARTIAL;
        return new Best(level, Math.min(ab.similarity, ba.similarity), a.get(0), b.get(0));
    }

    /** One field's values; several fields (street number and street) read as one value joined by spaces. */
    private static List<String> values(MatchRules.Feature f, Map<String, ?> attributes) {
        if (f.fields().size() == 1) {
            return FieldValues.of(attributes, f.fields().get(0));
        }
        List<String> parts = f.fields().stream().map(field -> FieldValues.first(attributes, field))
                .filter(java.util.Objects::nonNull).toList();
        return parts.isEmpty() ? List.of() : List.of(String.join(" ", parts));
    }

    record Best(Level level, double similarity, String left, String right) {
    }

    private static Best best(String compare, List<String> a, List<String> b) {
        Best best = null;
        for (String x : a) {
            for (String y : b) {
                Best c = compareValues(compare, x, y);
                if (best == null || c.level.ordinal() < best.level.ordinal()
                        || (c.level == best.level && c.similarity > best.similarity)) {
                    best = c;
                }
            }
        }
        return best;
    }

    static Best compareValues(String compare, String x, String y) {
        return switch (compare) {
            case "name" -> name(x, y);
            case "email" -> email(x, y);
            case "phone" -> phone(x, y);
            case "date" -> date(x, y);
            case "text" -> text(x, y);
            case "address" -> address(x, y);
            case "digits" -> digits(x, y);
            case "exact" -> exact(x, y);
            default -> throw new IllegalArgumentException("Unknown comparison '" + compare + "'");
        };
    }

    private static Best exact(String x, String y) {
        boolean same = FieldValues.plain(x).equals(FieldValues.plain(y));
        return new Best(same ? Level.AGREE : Level.DISAGREE, same ? 1 : 0, x, y);
    }

    static Best name(String x, String y) {
        String a = FieldValues.plain(x);
        String b = FieldValues.plain(y);
        double sim = a.isEmpty() || b.isEmpty() ? 0 : JARO_WINKLER.apply(a, b);
        if (sim >= 0.94 || Nicknames.same(a, b)) {
            return new Best(Level.AGREE, Math.max(sim, Nicknames.same(a, b) ? 0.94 : 0), x, y);
        }
        boolean initial = (a.length() == 1 || b.length() == 1) && !a.isEmpty() && !b.isEmpty() && a.charAt(0) == b.charAt(0);
        return new Best(sim >= 0.85 || initial ? Level.PARTIAL : Level.DISAGREE, sim, x, y);
    }

    private static Best email(String x, String y) {
        String a = FieldValues.mailbox(x);
        String b = FieldValues.mailbox(y);
        if (a.equals(b)) {
            return new Best(Level.AGREE, 1, x, y);
        }
        String handleA = a.contains("@") ? a.substring(0, a.indexOf('@')) : a;
        String handleB = b.contains("@") ? b.substring(0, b.indexOf('@')) : b;
        double sim = JARO_WINKLER.apply(handleA, handleB);
        return new Best(sim >= 0.9 ? Level.PARTIAL : Level.DISAGREE, sim, x, y);
    }

    private static Best phone(String x, String y) {
        String a = FieldValues.digits(x);
        String b = FieldValues.digits(y);
        if (a.equals(b)) {
            return new Best(Level.AGREE, 1, x, y);
        }
        boolean lastFour = a.length() >= 4 && b.length() >= 4 && a.endsWith(b.substring(b.length() - 4));
        return new Best(lastFour ? Level.PARTIAL : Level.DISAGREE, lastFour ? 0.5 : 0, x, y);
    }

    /** ISO dates: equal, or close (day and month transposed, or one digit different), or not. */
    static Best date(String x, String y) {
        String a = FieldValues.digits(x);
        String b = FieldValues.digits(y);
        if (a.equals(b)) {
            return new Best(Level.AGREE, 1, x, y);
        }
        boolean transposed = a.length() == 8 && b.length() == 8 && a.substring(0, 4).equals(b.substring(0, 4))
                && a.substring(4, 6).equals(b.substring(6, 8)) && a.substring(6, 8).equals(b.substring(4, 6));
        boolean close = transposed || oneEdit(a, b);
        return new Best(close ? Level.PARTIAL : Level.DISAGREE, close ? 0.8 : 0, x, y);
    }

    private static Best text(String x, String y) {
        String a = FieldValues.plain(x);
        String b = FieldValues.plain(y);
        double sim = Math.max(JARO_WINKLER.apply(a, b), tokenOverlap(a, b));
        Level level = sim >= 0.92 ? Level.AGREE : sim >= 0.8 ? Level.PARTIAL : Level.DISAGREE;
        return new Best(level, sim, x, y);
    }

    /**
     * A street address: the house numbers (tokens with a digit) must be the same when both sides
     * have one, since neighbours on one street differ only there; then the text comparison.
     */
    static Best address(String x, String y) {
        String numbersX = houseNumbers(FieldValues.plain(x));
        String numbersY = houseNumbers(FieldValues.plain(y));
        if (!numbersX.isEmpty() && !numbersY.isEmpty() && !numbersX.equals(numbersY)) {
            return new Best(Level.DISAGREE, 0, x, y);
        }
        return text(x, y);
    }

    private static String houseNumbers(String plain) {
        StringBuilder out = new StringBuilder();
        int tokenStart = 0;
        boolean digit = false;
        for (int i = 0; i <= plain.length(); i++) {
            if (i == plain.length() || plain.charAt(i) == ' ') {
                if (digit) {
                    out.append(plain, tokenStart, i).append(' ');
                }
                tokenStart = i + 1;
                digit = false;
            } else if (Character.isDigit(plain.charAt(i))) {
                digit = true;
            }
        }
        return out.toString();
    }

    private static Best digits(String x, String y) {
        String a = FieldValues.plain(x).replace(" ", "");
        String b = FieldValues.plain(y).replace(" ", "");
        if (a.equals(b)) {
            return new Best(Level.AGREE, 1, x, y);
        }
        boolean close = oneEdit(a, b);
        return new Best(close ? Level.PARTIAL : Level.DISAGREE, close ? 0.8 : 0, x, y);
    }

    /** Same length and one character different, or two neighbours swapped. */
    static boolean oneEdit(String a, String b) {
        if (a.length() != b.length() || a.isEmpty()) {
            return false;
        }
        int first = -1;
        int diffs = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                diffs++;
                first = first < 0 ? i : first;
            }
        }
        if (diffs == 1) {
            return true;
        }
        return diffs == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                && a.charAt(first + 1) == b.charAt(first);
    }

    private static double tokenOverlap(String a, String b) {
        Set<String> ta = new LinkedHashSet<>(List.of(a.split(" ")));
        Set<String> tb = new LinkedHashSet<>(List.of(b.split(" ")));
        Set<String> common = new LinkedHashSet<>(ta);
        common.retainAll(tb);
        return common.isEmpty() ? 0 : (double) common.size() / Math.max(ta.size(), tb.size());
    }
}
