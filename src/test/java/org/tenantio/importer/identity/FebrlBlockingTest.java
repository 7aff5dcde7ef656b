package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocking recall on FEBRL: the share of true duplicate pairs that share at least one blocking
 * key of the person contract (a pair that shares none is never compared, so it bounds recall).
 * Also prints, per key, the true pairs only that key finds: the evidence for which keys stay.
 */
class FebrlBlockingTest {

    @ParameterizedTest
    @ValueSource(strings = {"dataset1.csv", "dataset2.csv", "dataset4a.csv,dataset4b.csv"})
    void nearlyEveryTrueDuplicatePairSharesABlockingKey(String files) {
        MatchRules rules = Rules.person();
        List<Febrl.Person> people = Febrl.read(files.split(","));
        Map<String, List<Set<BlockingKeys.Key>>> byCluster = new HashMap<>();
        for (Febrl.Person p : people) {
            byCluster.computeIfAbsent(p.cluster(), k -> new ArrayList<>()).add(BlockingKeys.of(rules, p.fields()));
        }
        int pairs = 0;
        int found = 0;
        Map<String, Integer> onlyBy = new TreeMap<>();
        for (List<Set<BlockingKeys.Key>> cluster : byCluster.values()) {
            for (int i = 0; i < cluster.size(); i++) {
                for (int j = i + 1; j < cluster.size(); j++) {
                    pairs++;
                    Set<BlockingKeys.Key> shared = new HashSet<>(cluster.get(i));
                    shared.retainAll(cluster.get(j));
                    if (!shared.isEmpty()) {
                        found++;
                    }
                    Set<String> types = new HashSet<>();
                    shared.forEach(k -> types.add(k.type()));
                    if (types.size() == 1) {
                        onlyBy.merge(types.iterator().next(), 1, Integer::sum);
                    }
                }
            }
        }
        double recall = (double) found / pairs;
        System.out.printf("FEBRL %s: %d true pairs, blocking recall %.4f, found by one key only: %s%n", files, pairs,
                recall, onlyBy);
        assertThat(recall).isGreaterThanOrEqualTo(0.995);
    }
}
