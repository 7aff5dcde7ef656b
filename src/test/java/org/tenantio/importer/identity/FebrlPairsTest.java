package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The person contract's scorer on every FEBRL pair that shares a blocking key, without the
 * database: no pair of two different people may auto-merge, and nearly every true pair must
 * reach review. (IdentityBenchmark and FebrlIT measure the same through the real pipeline.)
 */
class FebrlPairsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dataset1.csv", "dataset2.csv", "dataset4a.csv,dataset4b.csv"})
    void noFalsePairAutoMergesAndNearlyEveryTruePairIsAtLeastReviewed(String files) {
        MatchRules rules = Rules.person();
        PairScorer scorer = new PairScorer(rules);
        List<Febrl.Person> people = Febrl.read(files.split(","));
        Map<BlockingKeys.Key, List<Integer>> blocks = new HashMap<>();
        for (int i = 0; i < people.size(); i++) {
            for (BlockingKeys.Key k : BlockingKeys.of(rules, people.get(i).fields())) {
                blocks.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        double highestFalse = 0;
        Set<Long> compared = new java.util.HashSet<>();
        Map<String, Integer> tally = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        for (List<Integer> block : blocks.values()) {
            for (int x = 0; x < block.size(); x++) {
                for (int y = x + 1; y < block.size(); y++) {
                    int a = Math.min(block.get(x), block.get(y));
                    int b = Math.max(block.get(x), block.get(y));
                    if (!compared.add((long) a * 1_000_000 + b)) {
                        continue;
                    }
                    Febrl.Person pa = people.get(a);
                    Febrl.Person pb = people.get(b);
                    boolean same = pa.cluster().equals(pb.cluster());
                    PairScorer.Score s = scorer.score(pa.fields(), pb.fields());
                    tally.merge((same ? "true " : "false ") + s.decision(), 1, Integer::sum);
                    if (!same) {
                        highestFalse = Math.max(highestFalse, s.score());
                    }
                    if (s.household()) {
                        tally.merge((same ? "true " : "false ") + "household", 1, Integer::sum);
                    }
                    if (same && s.decision() == PairScorer.Decision.DIFFERENT && missed.size() < 15) {
                        missed.add(s.score() + " " + pa.fields() + " / " + pb.fields());
                    }
                }
            }
        }
        System.out.printf("FEBRL %s pairs sharing a key: %s, highest score of a false pair %.4f%n", files, tally,
                highestFalse);
        missed.forEach(m -> System.out.println("  missed: " + m));
        int trueReviewedOrMerged = tally.getOrDefault("true AUTO_MERGE", 0) + tally.getOrDefault("true REVIEW", 0);
        int truePairs = trueReviewedOrMerged + tally.getOrDefault("true DIFFERENT", 0);
        assertThat(tally.getOrDefault("false AUTO_MERGE", 0)).isZero();
        assertThat((double) trueReviewedOrMerged / truePairs).isGreaterThanOrEqualTo(0.99);
    }
}
