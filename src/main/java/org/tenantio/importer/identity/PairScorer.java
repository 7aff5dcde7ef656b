package org.tenantio.importer.identity;

import java.util.ArrayList;
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
    private final MatchRules.Feature[] features;
    private final int[] groupOf;
    private final String[] groupNames;
    private final boolean[] share;
    private final boolean[] differ;
    private final boolean[] unless;
    private final String[][] swappedLevel;

    public PairScorer(MatchRules rules) {
        this.rules = rules;
        this.features = rules.features().toArray(MatchRules.Feature[]::new);
        List<String> groups = new ArrayList<>();
        this.groupOf = new int[features.length];
        this.share = new boolean[features.length];
        this.differ = new boolean[features.length];
        this.unless = new boolean[features.length];
        this.swappedLevel = new String[features.length][];
        MatchRules.Households h = rules.households();
        for (int i = 0; i < features.length; i++) {
            MatchRules.Feature f = features[i];
            if (!groups.contains(f.group())) {
                groups.add(f.group());
            }
            groupOf[i] = groups.indexOf(f.group());
            share[i] = h.share().contains(f.name());
            differ[i] = h.differ().contains(f.name());
            unless[i] = h.unless().contains(f.name());
            String note = " (swapped with " + f.swapWith() + ")";
            swappedLevel[i] = java.util.Arrays.stream(LEVELS).map(l -> l + note).toArray(String[]::new);
        }
        this.groupNames = groups.toArray(String[]::new);
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
        return score(prepare(left), prepare(right), frequencies);
    }

    /**
     * A record's values in the forms its features compare them in (plain names, mailboxes,
     * digits, house numbers), computed once per record: a record is compared with dozens of
     * others, and normalising both sides of every pair was an eighth of an import's time.
     */
    public static final class Prepared {
        private final Form[][] values;
        private final Form[][] swaps;

        private Prepared(Form[][] values, Form[][] swaps) {
            this.values = values;
            this.swaps = swaps;
        }
    }

    /** One value as read (shown to a steward) and its compared form; aux: the house numbers of an address, the handle of an email. */
    record Form(String raw, String norm, String aux) {
    }

    private static final Form[] NONE = new Form[0];

    /** Prepares a record for any number of comparisons under these rules. Thread-safe: the result is read only. */
    public Prepared prepare(Map<String, ?> attributes) {
        Form[][] values = new Form[features.length][];
        Form[][] swaps = new Form[features.length][];
        for (int i = 0; i < features.length; i++) {
            MatchRules.Feature f = features[i];
            values[i] = forms(f.compare(), values(f, attributes));
            swaps[i] = f.swapWith() == null ? NONE : forms(f.compare(), FieldValues.of(attributes, f.swapWith()));
        }
        return new Prepared(values, swaps);
    }

    private static Form[] forms(String compare, List<String> raw) {
        if (raw.isEmpty()) {
            return NONE;
        }
        Form[] out = new Form[raw.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = form(compare, raw.get(i));
        }
        return out;
    }

    static Form form(String compare, String raw) {
        return switch (compare) {
            case "name", "text", "exact" -> new Form(raw, FieldValues.plain(raw), null);
            case "email" -> {
                String mailbox = FieldValues.mailbox(raw);
                yield new Form(raw, mailbox, mailbox.contains("@") ? mailbox.substring(0, mailbox.indexOf('@')) : mailbox);
            }
            case "phone", "date" -> new Form(raw, FieldValues.digits(raw), null);
            case "address" -> {
                String plain = FieldValues.plain(raw);
                yield new Form(raw, plain, houseNumbers(plain));
            }
            case "digits" -> new Form(raw, FieldValues.plain(raw).replace(" ", ""), null);
            default -> throw new IllegalArgumentException("Unknown comparison '" + compare + "'");
        };
    }

    /** Scores two prepared records; safe to call from several threads at once. */
    public Score score(Prepared left, Prepared right, ValueFrequencies frequencies) {
        List<Contribution> contributions = new ArrayList<>(features.length);
        int groupCount = groupNames.length;
        int[] disagreements = new int[groupCount];
        int[] agreements = new int[groupCount]; // incl. partial
        int[] exact = new int[groupCount];
        int[] partial = new int[groupCount];
        double[] net = new double[groupCount];
        boolean shares = false;
        boolean oneAfterAll = false;
        boolean differs = false;
        double total = 0;
        for (int i = 0; i < features.length; i++) {
            Compared c = compare(i, left, right, frequencies);
            contributions.add(c.contribution());
            total += c.contribution().weight();
            int g = groupOf[i];
            net[g] += c.contribution().weight();
            switch (c.level()) {
                case DISAGREE -> disagreements[g]++;
                case AGREE -> {
                    agreements[g]++;
                    exact[g]++;
                }
                case PARTIAL -> {
                    agreements[g]++;
                    partial[g]++;
                }
                case MISSING -> {
                }
            }
            shares |= share[i] && c.level() == Level.AGREE;
            oneAfterAll |= unless[i] && c.level() == Level.AGREE;
            differs |= differ[i] && c.level() == Level.DISAGREE;
        }
        Set<String> agreeing = new LinkedHashSet<>();
        Set<String> firm = new LinkedHashSet<>();
        Set<String> disagreeing = new LinkedHashSet<>();
        for (int g = 0; g < groupCount; g++) {
            if (net[g] > 0 && disagreements[g] == 0 && agreements[g] > 0) {
                agreeing.add(groupNames[g]);
                // Firm corroboration is a group that agrees outright: at a million people, street,
                // house number and city recur with a postcode a digit off between different people.
                if (exact[g] > 0 && partial[g] == 0) {
                    firm.add(groupNames[g]);
                }
            }
            if (disagreements[g] > 0) {
                disagreeing.add(groupNames[g]);
            }
        }
        // A household: a shared home or contact, an outright other first name, and no feature saying one person after all.
        boolean household = rules.households().enabled() && shares && !oneAfterAll && differs;
        double score = Math.round(rules.score(total) * 10_000) / 10_000.0;
        return new Score(score, decide(score, agreeing, firm, disagreeing, household), contributions, agreeing, household);
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

    private record Compared(Level level, Contribution contribution) {
    }

    private Compared compare(int i, Prepared left, Prepared right, ValueFrequencies frequencies) {
        MatchRules.Feature f = features[i];
        Form[] a = left.values[i];
        Form[] b = right.values[i];
        if (a.length == 0 || b.length == 0) {
            return new Compared(Level.MISSING, new Contribution(f.name(), a.length == 0 ? null : a[0].raw(),
                    b.length == 0 ? null : b[0].raw(), "missing", 0, 0));
        }
        Best best = best(f.compare(), a, b);
        boolean swappedBetter = false;
        if (best.level != Level.AGREE && f.swapWith() != null) {
            Best swapped = swapped(f, a, b, left.swaps[i], right.swaps[i]);
            if (swapped != null && swapped.level.ordinal() < best.level.ordinal()) {
                best = swapped;
                swappedBetter = true;
            }
        }
        double weight = switch (best.level) {
            case AGREE -> f.termFrequency() ? agreeWeight(f, best, frequencies) : f.agree();
            case PARTIAL -> f.partial();
            case DISAGREE -> f.disagree();
            case MISSING -> 0;
        };
        String level = swappedBetter ? swappedLevel[i][best.level.ordinal()] : LEVELS[best.level.ordinal()];
        return new Compared(best.level, new Contribution(f.name(), best.left, best.right, level,
                Math.round(best.similarity * 1000) / 1000.0, weight));
    }

    private static final String[] LEVELS = java.util.Arrays.stream(Level.values())
            .map(l -> l.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);

    /**
     * Splink's term-frequency adjustment with u taken from the data: equal values shared by a
     * share p of the records are worth log2(1/p) bits (the more common of the two values, when a
     * nickname or typo made them differ), bounded around the configured agree weight.
     */
    private double agreeWeight(MatchRules.Feature f, Best best, ValueFrequencies frequencies) {
        MatchRules.TermFrequencies tf = rules.termFrequencies();
        String field = f.fields().get(0);
        long records = frequencies.total(field);
        if (records < tf.minRecords()) {
            return f.agree();
        }
        boolean plainForms = f.compare().equals("name") || f.compare().equals("text") || f.compare().equals("exact");
        long count = plainForms
                ? Math.max(frequencies.countPlain(field, best.leftForm), frequencies.countPlain(field, best.rightForm))
                : Math.max(frequencies.count(field, best.left), frequencies.count(field, best.right));
        if (count <= 0) {
            return f.agree();
        }
        double bits = Math.log((double) records / count) / Math.log(2);
        double adjusted = Math.max(f.agree() - tf.maxPenalty(), Math.min(f.agree() + tf.maxBoost(), bits));
        return Math.round(adjusted * 100) / 100.0;
    }

    /** The swapped comparison: this field of one side against the swapWith field of the other, both ways. */
    private static Best swapped(MatchRules.Feature f, Form[] a, Form[] b, Form[] aOther, Form[] bOther) {
        Best ab = bOther.length == 0 ? null : best(f.compare(), a, bOther);
        Best ba = aOther.length == 0 ? null : best(f.compare(), aOther, b);
        if (ab == null || ba == null || ab.level.ordinal() > Level.PARTIAL.ordinal()
                || ba.level.ordinal() > Level.PARTIAL.ordinal()) {
            return null;
        }
        // Both names crossed over: as good as the worse of the two cross comparisons (a typo in one stays partial).
        Level level = ab.level == Level.AGREE && ba.level == Level.AGREE ? Level.AGREE : Level.PARTIAL;
        return new Best(level, Math.min(ab.similarity, ba.similarity), a[0].raw(), b[0].raw(), a[0].norm(), b[0].norm());
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

    /** The best comparison of a feature: level, similarity, and the values compared (as read, and in compared form). */
    record Best(Level level, double similarity, String left, String right, String leftForm, String rightForm) {
        Best(Level level, double similarity, Form x, Form y) {
            this(level, similarity, x.raw(), y.raw(), x.norm(), y.norm());
        }
    }

    private static Best best(String compare, Form[] a, Form[] b) {
        Best best = null;
        for (Form x : a) {
            for (Form y : b) {
                Best c = compareForms(compare, x, y);
                if (best == null || c.level.ordinal() < best.level.ordinal()
                        || (c.level == best.level && c.similarity > best.similarity)) {
                    best = c;
                }
            }
        }
        return best;
    }

    static Best compareValues(String compare, String x, String y) {
        return compareForms(compare, form(compare, x), form(compare, y));
    }

    private static Best compareForms(String compare, Form x, Form y) {
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

    private static Best exact(Form x, Form y) {
        boolean same = x.norm().equals(y.norm());
        return new Best(same ? Level.AGREE : Level.DISAGREE, same ? 1 : 0, x, y);
    }

    private static Best name(Form x, Form y) {
        String a = x.norm();
        String b = y.norm();
        if (!a.isEmpty() && a.equals(b)) { // Jaro-Winkler of equal strings is 1: no need to compute it
            return new Best(Level.AGREE, 1, x, y);
        }
        double sim = a.isEmpty() || b.isEmpty() ? 0 : JARO_WINKLER.apply(a, b);
        boolean nickname = Nicknames.same(a, b);
        if (sim >= 0.94 || nickname) {
            return new Best(Level.AGREE, Math.max(sim, nickname ? 0.94 : 0), x, y);
        }
        boolean initial = (a.length() == 1 || b.length() == 1) && !a.isEmpty() && !b.isEmpty() && a.charAt(0) == b.charAt(0);
        return new Best(sim >= 0.85 || initial ? Level.PARTIAL : Level.DISAGREE, sim, x, y);
    }

    private static Best email(Form x, Form y) {
        if (x.norm().equals(y.norm())) {
            return new Best(Level.AGREE, 1, x, y);
        }
        double sim = JARO_WINKLER.apply(x.aux(), y.aux());
        return new Best(sim >= 0.9 ? Level.PARTIAL : Level.DISAGREE, sim, x, y);
    }

    private static Best phone(Form x, Form y) {
        String a = x.norm();
        String b = y.norm();
        if (a.equals(b)) {
            return new Best(Level.AGREE, 1, x, y);
        }
        boolean lastFour = a.length() >= 4 && b.length() >= 4 && a.endsWith(b.substring(b.length() - 4));
        return new Best(lastFour ? Level.PARTIAL : Level.DISAGREE, lastFour ? 0.5 : 0, x, y);
    }

    /** ISO dates: equal, or close (day and month transposed, or one digit different), or not. */
    private static Best date(Form x, Form y) {
        String a = x.norm();
        String b = y.norm();
        if (a.equals(b)) {
            return new Best(Level.AGREE, 1, x, y);
        }
        boolean transposed = a.length() == 8 && b.length() == 8 && a.regionMatches(0, b, 0, 4)
                && a.regionMatches(4, b, 6, 2) && a.regionMatches(6, b, 4, 2);
        boolean close = transposed || oneEdit(a, b);
        return new Best(close ? Level.PARTIAL : Level.DISAGREE, close ? 0.8 : 0, x, y);
    }

    private static Best text(Form x, Form y) {
        String a = x.norm();
        String b = y.norm();
        if (a.equals(b)) { // both measures give 1 for equal texts
            return new Best(Level.AGREE, 1, x, y);
        }
        double sim = Math.max(JARO_WINKLER.apply(a, b), tokenOverlap(a, b));
        Level level = sim >= 0.92 ? Level.AGREE : sim >= 0.8 ? Level.PARTIAL : Level.DISAGREE;
        return new Best(level, sim, x, y);
    }

    /**
     * A street address: the house numbers (tokens with a digit) must be the same when both sides
     * have one, since neighbours on one street differ only there; then the text comparison.
     */
    static Best address(String x, String y) {
        return address(form("address", x), form("address", y));
    }

    private static Best address(Form x, Form y) {
        if (!x.aux().isEmpty() && !y.aux().isEmpty() && !x.aux().equals(y.aux())) {
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

    private static Best digits(Form x, Form y) {
        String a = x.norm();
        String b = y.norm();
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
