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
 * Throw-away mailbox providers, read once from {@value #RESOURCE} on the class path
 * (one domain per line, '#' starts a comment): edit that file to change the list.
 */
final class DisposableEmailDomains {

    static final String RESOURCE = "/disposable-email-domains.txt";

    private static final Set<String> DOMAINS = load();

    private DisposableEmailDomains() {
    }

    /** True for a listed domain and for any sub-domain of one (a.mailinator.com). */
    static boolean contains(String domain) {
        for (String d = domain; d != null; d = parent(d)) {
            if (DOMAINS.contains(d)) {
                return true;
            }
        }
        return false;
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }

    private static Set<String> load() {
        InputStream in = DisposableEmailDomains.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(line -> line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT))
                    .filter(line -> !line.isEmpty()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
