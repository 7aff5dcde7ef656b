package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tenantio.importer.support.FebrlImport;
import org.tenantio.importer.support.IntegrationTest;

/**
 * FEBRL through the real pipeline with the person contract's one match configuration (issue
 * 11 B): no wrong auto-merge at all, and pairwise F1 of at least 0.99 once the review queue is
 * counted, on every data set. dataset4a is imported first, then dataset4b into the same tenant.
 */
@IntegrationTest
class FebrlIT {

    @LocalServerPort
    int port;
    @Autowired
    FebrlImport febrl;

    @ParameterizedTest
    @ValueSource(strings = {"dataset1.csv", "dataset2.csv", "dataset4a.csv,dataset4b.csv"})
    void autoMergesAreAllRightAndReviewBringsF1To099(String files) {
        FebrlImport.Result result = febrl.run(port, Arrays.stream(files.split(","))
                .map(f -> Path.of("src/test/resources/febrl", f)).toList());

        result.runs().forEach(r -> assertThat(r.get("status").asText()).isEqualTo("completed"));
        assertThat(result.quarantined()).isZero();
        assertThat(result.auto().precision()).isEqualTo(1.0);
        assertThat(result.withReview().f1()).isGreaterThanOrEqualTo(0.99);
    }
}
