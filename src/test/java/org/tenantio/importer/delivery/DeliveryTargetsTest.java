package org.tenantio.importer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URLs and SFTP settings taken apart: what reaches the Camel endpoint, and what is refused before. */
class DeliveryTargetsTest {

    @Test
    void anHttpUrlIsTakenApartAndItsQueryKeptOutOfTheEndpoint() {
        HttpTarget t = HttpTarget.parse("HTTPS://Api.Partner.example/in/v1?token=abc&x=a%20b");
        assertThat(t).isEqualTo(new HttpTarget("https", "api.partner.example", 443, "/in/v1", "token=abc&x=a%20b"));
        assertThat(t.endpointUri()).isEqualTo("https://api.partner.example:443/in/v1").doesNotContain("?");
        assertThat(t.display()).isEqualTo("https://api.partner.example/in/v1");
        assertThat(HttpTarget.parse("http://127.0.0.1:8081").display()).isEqualTo("http://127.0.0.1:8081/");
        assertThat(HttpTarget.parse("http://h.example/?").query()).isNull();
    }

    @Test
    void everyCamelEndpointOptionIsRefusedAsAQueryParameterWhateverItsCase() {
        for (String option : new org.apache.camel.component.http.HttpEndpointUriFactory().propertyNames()) {
            assertThatThrownBy(() -> HttpTarget.parse("http://h.example/in?a=1&" + option + "=x")).as(option)
                    .isInstanceOf(DeliveryRefused.class).hasMessageContaining("delivery option");
            assertThatThrownBy(() -> HttpTarget.parse("http://h.example/in?" + option.toUpperCase() + "=x")).as(option)
                    .isInstanceOf(DeliveryRefused.class);
        }
        assertThatThrownBy(() -> HttpTarget.parse("http://h.example/in?httpClient.redirectsEnabled=true"))
                .isInstanceOf(DeliveryRefused.class);
        assertThatThrownBy(() -> HttpTarget.parse("http://h.example/in?%70roxyHost=x")).isInstanceOf(DeliveryRefused.class);
        assertThatThrownBy(() -> HttpTarget.parse("http://h.example/in?x=%zz")).isInstanceOf(DeliveryRefused.class);
    }

    @Test
    void urlsThatCouldReachSomewhereElseAreRefused() {
        for (String url : List.of("ftp://h.example/x", "http://user:pw@h.example/", "http://h.example/#frag", "http:///x",
                "http://h.example/a%3Fb", "http://h.example/a/../b", "http://h.example/{{secret}}", "not a url", "",
                "file:///etc/passwd", "http://h_x.example/")) {
            assertThatThrownBy(() -> HttpTarget.parse(url)).as(url).isInstanceOf(DeliveryRefused.class);
        }
        assertThatThrownBy(() -> HttpTarget.parse(null)).isInstanceOf(DeliveryRefused.class);
    }

    @Test
    void sftpPartsAreCheckedAndTheEndpointHasOnlyFixedOptions() {
        SftpTarget t = SftpTarget.of(new Destination(0, "sftp", Map.of("host", "SFTP.partner.example", "port", 2222,
                "user", "tenant.io", "path", "//incoming//daily/")));
        assertThat(t).isEqualTo(new SftpTarget("sftp.partner.example", 2222, "tenant.io", "incoming/daily"));
        String uri = t.endpointUri(true, "deliverySecret-1", Path.of("/k/known_hosts"));
        assertThat(uri).startsWith("sftp://sftp.partner.example:2222/incoming/daily?username=tenant.io&password=#bean:deliverySecret-1")
                .contains("strictHostKeyChecking=yes");
        assertThat(t.display("f.csv")).isEqualTo("sftp://tenant.io@sftp.partner.example:2222/incoming/daily/f.csv");
        assertThat(SftpTarget.folder(null)).isEmpty();
        assertThat(SftpTarget.folder("/")).isEmpty();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("host", "h", "user", "u&strictHostKeyChecking=no"),
                Map.of("host", "h", "user", "u)"), Map.of("host", "h?x=1", "user", "u"), Map.of("host", "h", "user", "u", "path", "../etc"),
                Map.of("host", "h", "user", "u", "path", "a?b"), Map.of("host", "h", "user", "u", "port", 0), Map.of("user", "u"))) {
            assertThatThrownBy(() -> SftpTarget.of(new Destination(0, "sftp", bad))).as(bad.toString()).isInstanceOf(DeliveryRefused.class);
        }
    }

    @Test
    void headersADefinitionMaySet() {
        assertThat(Destination.headerProblem("X-Partner", "acme")).isNull();
        assertThat(Destination.headerProblem("CamelHttpUri", "http://x/")).contains("Camel");
        assertThat(Destination.headerProblem("org.apache.camel.Foo", "x")).contains("Camel");
        assertThat(Destination.headerProblem("Host", "x")).contains("set by the delivery");
        assertThat(Destination.headerProblem("Bad Header", "x")).contains("not a valid");
        assertThat(Destination.headerProblem("X-A", "a\r\nHost: evil")).contains("one line");
        assertThat(Destination.headerProblem("X-A", null)).contains("one line");
    }

    @Test
    void lastErrorsNeverCarryAUrlQuery() {
        assertThat(ExportDelivery.describe(new java.io.IOException("failed http://h/in?token=abc now")))
                .isEqualTo("IOException: failed http://h/in now");
        assertThat(ExportDelivery.describe(new org.apache.camel.http.base.HttpOperationFailedException(
                "http://h/in?token=abc", 302, "Found", "http://evil.example/x?token=abc", Map.of(), "")))
                .isEqualTo("HTTP 302 redirect to host 'evil.example' not followed (redirects are off)");
        assertThat(ExportDelivery.describe(null)).isEqualTo("unknown error");
    }
}
