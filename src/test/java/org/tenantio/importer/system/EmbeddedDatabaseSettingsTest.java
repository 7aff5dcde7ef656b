package org.tenantio.importer.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedDatabaseSettingsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "1 GB", "512MB -c fsync=off", "1TB", "99999999MB"})
    void aSharedBuffersSettingThatIsNoSizeStopsTheStartBeforeTheServer(String setting) {
        assertThatThrownBy(() -> new EmbeddedDatabaseConfiguration().embeddedPostgres(dir.resolve("pg"), 0, setting, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("importer.embedded-db.shared-buffers must be a size");
    }
}
