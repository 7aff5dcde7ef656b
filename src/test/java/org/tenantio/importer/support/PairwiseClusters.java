package org.tenantio.importer.support;

import java.util.HashMap;
import java.util.Map;

/**
 * Pairwise precision, recall and F1 of predicted clusters against the truth, over every record
 * in the truth: the figures record-linkage papers (and Splink) publish for FEBRL.
 */
public record PairwiseClusters(double precision, double recall, double f1) {

    public static PairwiseClusters of(Map<String, String> predicted, Map<String, String> truth) {
        Map<String, Long> predictedSizes = new HashMap<>();
        Map<String, Long> truthSizes = new HashMap<>();
        Map<String, Long> both = new HashMap<>();
        truth.forEach((rec, cluster) -> {
            truthSizes.merge(cluster, 1L, Long::sum);
            String p = predicted.get(rec);
            if (p != null) {
                predictedSizes.merge(p, 1L, Long::sum);
                both.merge(p + "/" + cluster, 1L, Long::sum);
            }
        });
        double tp = pairs(both);
        double predictedPairs = pairs(predictedSizes);
        double truePairs = pairs(truthSizes);
        double precision = predictedPairs == 0 ? 1 : tp / predictedPairs;
        double recall = truePairs == 0 ? 1 : tp / truePairs;
        return new PairwiseClusters(precision, recall,
                precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    private static double pairs(Map<String, Long> sizes) {
        return sizes.values().stream().mapToDouble(n -> n * (n - 1) / 2.0).sum();
    }

    @Override
    public String toString() {
        return String.format("%.4f / %.4f / %.4f", precision, recall, f1);
    }

    /** Clusters joined by pairs (review suggestions counted as merges). */
    public static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        public String find(String x) {
            String p = parent.computeIfAbsent(x, k -> k);
            if (!p.equals(x)) {
                p = find(p);
                parent.put(x, p);
            }
            return p;
        }

        public void union(String a, String b) {
            parent.put(find(a), find(b));
        }
    }
}
