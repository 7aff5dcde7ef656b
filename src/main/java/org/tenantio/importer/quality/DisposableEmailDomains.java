package org.tenantio.importer.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Throw-away mailbox providers (one domain per line, '#' starts a comment). Operators keep their
 * own list in {@code mappings/contracts/disposable-email-domains.txt}; without one the built-in
 * {@value #RESOURCE} from the class path applies.
 */
@org.springframework.stereotype.Component
public final class DisposableEmailDomains {

    static final String RESOURCE = "/disposable-email-domains.txt";
    static final String FILE = "contracts/disposable-email-domains.txt";

    private final Set<String> domains;

    @org.springframework.beans.factory.annotation.Autowired
    public DisposableEmailDomains(org.tenantio.importer.system.ImporterProperties properties) {
        java.nio.file.Path file = properties.mappings().resolve(FILE);
        this.domains = java.nio.file.Files.isRegularFile(file) ? load(file) : builtIn().domains;
    }

    private DisposableEmailDomains(Set<String> domains) {
        this.domains = domains;
    }

    /** The list shipped with the service. */
    public static DisposableEmailDomains builtIn() {
        InputStream in = DisposableEmailDomains.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        return new DisposableEmailDomains(read(in));
    }

    /** True for a listed domain and for any sub-domain of one (a.mailinator.com). */
    boolean contains(String domain) {
        for (String d = domain; d != null; d = parent(d)) {
            if (domains.contains(d)) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }

    private static Set<String> load(java.nio.file.Path file) {
        try {
            return read(java.nio.file.Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> read(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(line -> line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT))
                    .filter(line -> !line.isEmpty()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
