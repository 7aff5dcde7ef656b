package org.tenantio.importer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;

/** PUT /api/v1/pipelines/{code}/mapping: validated like a definition, versioned, audited, used by the next run. */
class PipelineMappingIT extends ApiIntegrationTest {

    static final String MAPPING = """
            {"entity": "person", "externalSystem": "volunteers", "externalIdField": "external_id",
             "columns": [{"source": "external_id"}, {"source": "first_name", "required": true},
                         {"source": "last_name", "required": true},
                         {"source": "e_mail_address", "field": "email", "transforms": ["trim", "lower"]}]}""";

    @Test
    void aNewMappingBecomesTheNextVersionIsAuditedAndMapsTheNextFile() {
        int before = api.get("/api/v1/pipelines/volunteers/mapping", tenant.adminKey()).json().get("version").asInt();

        var put = api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(), MAPPING);

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(before + 1);
        assertThat(api.get("/api/v1/pipelines/volunteers/mapping", tenant.adminKey()).json().get("version").asInt())
                .isEqualTo(before + 1);
        assertThat(api.get("/api/v1/pipelines/volunteers", tenant.adminKey()).json().get("status").asText())
                .as("an active pipeline stays active").isEqualTo("active");
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(),
                "external_id,first_name,last_name,e_mail_address\nM-1,Ada,Lovelace, ADA@Example.org\n");
        assertThat(run.get("mappingVersion").asInt()).isEqualTo(before + 1);
        assertThat(run.at("/counts/inserted").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/records/person", tenant.adminKey()).json().at("/items/0/attributes/email").asText())
                .isEqualTo("ada@example.org");
        JsonNode audit = api.get("/api/v1/audit?action=pipeline.mapping_changed", tenant.adminKey()).json();
        assertThat(audit.get("total").asInt()).isEqualTo(1);
        assertThat(audit.at("/items/0/before/version").asInt()).isEqualTo(before);
        assertThat(audit.at("/items/0/after/version").asInt()).isEqualTo(before + 1);
        assertThat(audit.at("/items/0/actor").asText()).startsWith("key:");
    }

    @Test
    void aMappingToAnUnknownFieldOrOfAnotherEntityIsRefusedWithDetailsAndChangesNothing() {
        int before = api.get("/api/v1/pipelines/volunteers/mapping", tenant.adminKey()).json().get("version").asInt();

        var unknown = api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(),
                MAPPING.replace("\"field\": \"email\"", "\"field\": \"shoe_size\""));
        var otherEntity = api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(),
                MAPPING.replace("\"entity\": \"person\"", "\"entity\": \"organisation\""));
        var empty = api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(), "{}");
        var notJson = api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(), "columns: [");
        var noPipeline = api.send("PUT", "/api/v1/pipelines/no-such/mapping", tenant.adminKey(), MAPPING);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("mapping.columns.e_mail_address").contains("shoe_size");
        assertThat(otherEntity.status()).isEqualTo(400);
        assertThat(otherEntity.body()).contains("mapping.entity");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(noPipeline.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/pipelines/volunteers/mapping", tenant.adminKey()).json().get("version").asInt())
                .isEqualTo(before);
        assertThat(api.get("/api/v1/audit?action=pipeline.mapping_changed", tenant.adminKey()).json().get("total").asInt())
                .isZero();
    }
}
