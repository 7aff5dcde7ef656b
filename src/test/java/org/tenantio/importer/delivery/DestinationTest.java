package org.tenantio.importer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DestinationTest {

    private final DeliveryProperties properties = new DeliveryProperties(List.of("partner.example.org", "*.trusted.example"),
            Path.of("known_hosts"), null, null, 3);
    private final DeliveryAllowlist allowlist = new DeliveryAllowlist(properties);
    private final Secrets secrets = new Secrets(new MockEnvironment().withProperty("SFTP_PARTNER_PASSWORD", "pw"), properties);

    private List<String> problems(Map<String, Object> destination) {
        List<Map<String, String>> problems = new ArrayList<>();
        Destination.parse(List.of(destination), allowlist, secrets, problems);
        return problems.stream().map(p -> p.get("field")).toList();
    }

    @Test
    void theAllowlistTakesExactHostsAndSubdomainWildcards() {
        assertThat(allowlist.allows("partner.example.org")).isTrue();
        assertThat(allowlist.allows("PARTNER.example.org")).isTrue();
        assertThat(allowlist.allows("files.trusted.example")).isTrue();
        assertThat(allowlist.allows("trusted.example")).isFalse();
        assertThat(allowlist.allows("169.254.169.254")).isFalse();
        assertThat(allowlist.allows(null)).isFalse();
        assertThatThrownBy(() -> allowlist.check("localhost")).isInstanceOf(DeliveryRefused.class);
        assertThatThrownBy(() -> DeliveryAllowlist.httpHost("ftp://partner.example.org/x")).isInstanceOf(DeliveryRefused.class);
        assertThatThrownBy(() -> DeliveryAllowlist.httpHost("http://bad host/")).isInstanceOf(DeliveryRefused.class);
    }

    @Test
    void secretsResolveOnlyFromAllowedNames() {
        assertThat(secrets.resolve("SFTP_PARTNER_PASSWORD")).isEqualTo("pw");
        assertThat(secrets.problem("SPRING_DATASOURCE_PASSWORD")).contains("must start with");
        assertThat(secrets.problem("lower")).contains("environment variable");
        assertThatThrownBy(() -> secrets.resolve("SFTP_MISSING")).isInstanceOf(DeliveryRefused.class).hasMessageContaining("not set");
        assertThatThrownBy(() -> secrets.resolve("DB_PASSWORD")).isInstanceOf(DeliveryRefused.class);
    }

    @Test
    void validDestinationsHaveNoProblems() {
        assertThat(problems(Map.of("type", "file", "path", "partner/a"))).isEmpty();
        assertThat(problems(Map.of("type", "sftp", "host", "partner.example.org", "port", 2222, "user", "u",
                "passwordSecretRef", "SFTP_PARTNER_PASSWORD"))).isEmpty();
        assertThat(problems(Map.of("type", "http", "url", "https://api.trusted.example/in", "method", "PUT",
                "headers", Map.of("X-Partner", "a"), "authSecretRef", "HTTP_TOKEN"))).isEmpty();
    }

    @Test
    void eachProblemNamesItsField() {
        assertThat(problems(Map.of("type", "file", "path", "../other-tenant"))).containsExactly("destinations[0].path");
        assertThat(problems(Map.of("type", "sftp", "host", "10.0.0.1", "port", 70000, "password", "inline")))
                .contains("destinations[0].host", "destinations[0].user", "destinations[0].port", "destinations[0]",
                        "destinations[0].password");
        assertThat(problems(Map.of("type", "sftp", "host", "partner.example.org", "port", "x", "user", "u",
                "privateKeySecretRef", "DB_KEY"))).contains("destinations[0].port", "destinations[0].privateKeySecretRef");
        assertThat(problems(Map.of("type", "http", "url", "http://partner.example.org/", "method", "GET",
                "headers", Map.of("Authorization", "Bearer x")))).contains("destinations[0].method",
                "destinations[0].headers.Authorization");
        assertThat(problems(Map.of("type", "http", "url", "not a url"))).contains("destinations[0].url");
        assertThat(problems(Map.of("type", "pigeon"))).contains("destinations[0].type");
        java.util.Map<String, Object> withNull = new java.util.HashMap<>(Map.of("type", "file"));
        withNull.put("path", null);
        assertThat(problems(withNull)).isEmpty();
        List<Map<String, String>> none = new ArrayList<>();
        Destination.parse(List.of(), allowlist, secrets, none);
        Destination.parse(List.of("x"), allowlist, secrets, none);
        assertThat(none).extracting(p -> p.get("field")).containsExactly("destinations", "destinations[0]");
    }
}
