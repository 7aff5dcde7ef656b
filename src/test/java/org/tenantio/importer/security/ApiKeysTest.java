package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generatedKeysCarryALookupPrefixAndAreUnique() {
        String key = ApiKeys.generate();

        assertThat(key).matches("imp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeys.prefixOf(key)).contains(key.substring(4, 16));
        assertThat(ApiKeys.generate()).isNotEqualTo(key);
    }

    @Test
    void malformedKeysHaveNoPrefix() {
        assertThat(ApiKeys.prefixOf(null)).isEmpty();
        assertThat(ApiKeys.prefixOf("imp_short_x")).isEmpty();
        assertThat(ApiKeys.prefixOf("xyz_0123456789ab_secret")).isEmpty();
        assertThat(ApiKeys.prefixOf("imp_0123456789ab_" + "x".repeat(300))).isEmpty();
    }
}
