package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SaturatedKeysTest {

    @Test
    void eachRunHasItsOwnSetUntilItEnds() {
        SaturatedKeys keys = new SaturatedKeys();
        UUID run = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        keys.of(run).add(42L);
        assertThat(keys.of(run)).containsExactly(42L);
        assertThat(keys.of(other)).isEmpty();
        keys.forget(run);
        assertThat(keys.of(run)).as("a run starting again learns anew").isEmpty();
    }

    @Test
    void runsThatNeverEndedDoNotPileUp() {
        SaturatedKeys keys = new SaturatedKeys();
        UUID first = UUID.randomUUID();
        keys.of(first).add(1L);
        for (int i = 0; i < 64; i++) {
            keys.of(UUID.randomUUID()).add(2L);
        }
        assertThat(keys.of(first)).as("dropped once 64 runs were held at once").isEmpty();
    }
}
