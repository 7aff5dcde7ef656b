package org.tenantio.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.crypto.FieldKeys;
import org.tenantio.importer.crypto.Reencryption;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.IdentityFixtures;
import org.tenantio.importer.system.InstallationSecrets;

/**
 * Key rotation (issue 14 point 5): a new key is current at once, and every sealed value in every
 * table ends under it, while an import keeps writing; only the platform key may rotate; a master
 * key that does not open the stored keys stops the start with a clear message.
 */
class KeyRotationIT extends ApiIntegrationTest {

    @Autowired
    Reencryption reencryption;
    @Autowired
    FieldKeys keys;
    @Autowired
    InstallationSecrets secrets;

    private static String rows(String prefix, int n) {
        StringBuilder csv = new StringBuilder(IdentityFixtures.HEADER);
        for (int i = 0; i < n; i++) {
            csv.append(prefix).append(i).append(",Ann,Rotor").append(prefix).append(i).append(",ann.").append(prefix).append(i)
                    .append("@example.org,,").append(1940 + i % 60).append("-").append(String.format("%02d", i % 12 + 1))
                    .append("-").append(String.format("%02d", (i + prefix.charAt(0)) % 28 + 1)).append(",").append(i)
                    .append(" Keel Road ").append(prefix).append(",York,,YO").append(i).append(" 1").append(prefix).append("B,GB\n");
        }
        return csv.toString();
    }

    @Test
    void everySealedValueEndsUnderTheNewKeyWhileAnImportWrites() {
        JsonNode before = api.importCsv("volunteers", tenant.adminKey(), rows("a", 300));
        assertThat(before.get("status").asText()).isEqualTo("completed");
        int oldKey = keys.currentKeyId();

        assertThat(api.send("POST", "/api/v1/admin/keys/rotate", tenant.adminKey(), "").status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/v1/admin/keys/rotate", null, "").status()).isEqualTo(401);

        CompletableFuture<JsonNode> during = CompletableFuture.supplyAsync(
                () -> api.importCsv("volunteers", tenant.adminKey(), rows("b", 3000)));
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM staging_rows s JOIN runs r ON r.id = s.run_id WHERE r.tenant_id = ? AND s.row_number > 300",
                Long.class, tenant.id()) > 0 || during.isDone());
        org.tenantio.importer.support.Api.Response rotate = api.send("POST", "/api/v1/admin/keys/rotate", Governance.PLATFORM_KEY, "");
        assertThat(rotate.status()).isEqualTo(202);
        int newKey = rotate.json().get("keyId").asInt();
        assertThat(newKey).isGreaterThan(oldKey);
        assertThat(keys.currentKeyId()).isEqualTo(newKey);
        String location = rotate.location();

        JsonNode done = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(location, Governance.PLATFORM_KEY).json(), r -> !"running".equals(r.get("status").asText()));
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("progress").get("core_records").asLong()).isPositive();
        assertThat(done.get("progress").get("remaining").asLong()).isZero();
        assertThat(during.join().get("status").asText()).isEqualTo("completed");

        // Nothing anywhere is sealed under an older key, and this tenant's values are under the new one.
        for (String table : Reencryption.tables()) {
            assertThat(reencryption.remaining(table, newKey)).as(table).isZero();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ? AND attributes::text LIKE ?",
                Long.class, tenant.id(), "%enc:v1:" + newKey + ":%")).isEqualTo(3300L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE tenant_id = ? AND raw::text LIKE ?",
                Long.class, tenant.id(), "%enc:v1:" + oldKey + ":%")).isZero();
        // and still read plain
        JsonNode ann = api.get("/api/v1/records/person?email=ann.a7@example.org", tenant.adminKey()).json().get("items");
        assertThat(ann).hasSize(1);
        assertThat(ann.get(0).get("attributes").get("street").asText()).isEqualTo("7 Keel Road a");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'encryption_key.rotated' AND target_id = ?",
                Long.class, String.valueOf(newKey))).isEqualTo(1L);
    }

    @Test
    void aMasterKeyThatDoesNotOpenTheStoredKeysStopsTheStart(@TempDir Path dir) throws Exception {
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        String wrong = Base64.getEncoder().encodeToString(other);
        assertThatThrownBy(() -> new FieldKeys(jdbc, secrets, wrong, "", dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open data key").hasMessageNotContaining(wrong);
        assertThatThrownBy(() -> new FieldKeys(jdbc, secrets, "too-short", "", dir))
                .hasMessageContaining("32 bytes in base64");
        assertThatThrownBy(() -> new FieldKeys(jdbc, secrets, "", dir.resolve("missing.key").toString(), dir))
                .hasMessageContaining("cannot be read");
        // A fresh installation folder generates its own master key, which does not open this database's keys either.
        Path keyFile = Files.writeString(dir.resolve("master.key"), wrong);
        assertThatThrownBy(() -> new FieldKeys(jdbc, secrets, "", keyFile.toString(), dir))
                .hasMessageContaining("does not open data key");
        assertThatThrownBy(() -> new FieldKeys(jdbc, new InstallationSecrets(new org.springframework.mock.env.MockEnvironment(), dir),
                "", "", dir)).hasMessageContaining("does not open data key");
    }
}
