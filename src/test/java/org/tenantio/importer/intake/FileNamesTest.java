package org.tenantio.importer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void pathsAndControlCharactersAreStripped() {
        assertThat(FileNames.safe("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.safe("..\\..\\x.csv")).isEqualTo("x.csv");
        assertThat(FileNames.safe("a\u0000b\nc.csv")).isEqualTo("a_b_c.csv");
        assertThat(FileNames.safe("..")).isEqualTo("upload");
        assertThat(FileNames.safe(null)).isEqualTo("upload");
        assertThat(FileNames.safe("x".repeat(300) + ".csv")).hasSize(120).endsWith(".csv");
    }

    @Test
    void extensionsAreLowerCasedWithoutTheDot() {
        assertThat(FileNames.extension("People.CSV")).isEqualTo("csv");
        assertThat(FileNames.extension("README")).isEmpty();
        assertThat(FileNames.extension("a.tar.gz")).isEqualTo("gz");
    }
}
