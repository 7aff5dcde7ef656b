package org.tenantio.importer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The masking step on shapes the API answers with: rows keyed by the tenant's own headers, violations, free text. */
class PersonDataMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PersonDataMasking.Policy NONE = new PersonDataMasking.Policy(Set.of("email", "phone", "dateofbirth"),
            Set.of());

    private static JsonNode masked(String json, PersonDataMasking.Policy policy) throws Exception {
        return PersonDataMasking.mask(JSON.readTree(json), policy);
    }

    @Test
    void rowsKeyedByTheTenantsOwnHeadersAreMaskedByWhatTheHeaderSaysAndByWhatTheValueLooksLike() throws Exception {
        JsonNode row = masked("""
                {"raw": {"E-mail Address": "a.b@example.org", "Mobile No": "07700 900123", "DOB": "12/03/1985",
                         "Notes": "call ann@example.org or +44 20 7946 0018", "Member": "1234567", "City": "Leeds", "Day": "2026-12-01",
                         "When": "2026-12-01T10:00:00Z"}}""", NONE);
        assertThat(row.at("/raw/E-mail Address").asText()).isEqualTo("***");
        assertThat(row.at("/raw/Mobile No").asText()).isEqualTo("***");
        assertThat(row.at("/raw/DOB").asText()).isEqualTo("***");
        assertThat(row.at("/raw/Notes").asText()).isEqualTo("call *** or ***");
        assertThat(row.at("/raw/Member").asText()).isEqualTo("1234567"); // an id, not dialled
        assertThat(row.at("/raw/City").asText()).isEqualTo("Leeds");
        assertThat(row.at("/raw/Day").asText()).isEqualTo("2026-12-01");
        assertThat(row.at("/raw/When").asText()).isEqualTo("2026-12-01T10:00:00Z");
    }

    @Test
    void anObjectAboutASensitiveFieldHasItsValuesAndQuotedValuesMaskedButKeepsItsStructure() throws Exception {
        JsonNode v = masked("""
                {"field": "date_of_birth", "value": "2090-01-01", "message": "Date 2090-01-01 is in the future",
                 "ruleCode": "DOM-201", "left": "x", "weight": 1.5}""", NONE);
        assertThat(v.path("value").asText()).isEqualTo("***");
        assertThat(v.path("left").asText()).isEqualTo("***");
        assertThat(v.path("message").asText()).isEqualTo("Date *** is in the future");
        assertThat(v.path("ruleCode").asText()).isEqualTo("DOM-201");
        assertThat(v.path("weight").asDouble()).isEqualTo(1.5);
        JsonNode lists = masked("{\"emails\": [\"a@example.org\", \"b@example.org\"], \"email_match\": \"a@example.org\"}", NONE);
        assertThat(lists.toString()).isEqualTo("{\"emails\":[\"***\",\"***\"],\"email_match\":\"***\"}");
    }

    @Test
    void aGrantedFieldPassesAsItIsAndOthersStayMasked() throws Exception {
        PersonDataMasking.Policy steward = new PersonDataMasking.Policy(NONE.sensitive(), Set.of("email"));
        JsonNode r = masked("{\"email\": \"a@example.org\", \"phone\": \"+447700900123\"}", steward);
        assertThat(r.path("email").asText()).isEqualTo("a@example.org");
        assertThat(r.path("phone").asText()).isEqualTo("***");
    }

    @Test
    void freeTextLosesEmailsPhonesAndBareDatesButKeepsTimestampsAndIds() {
        String line = "2026-12-01T22:47:18.580280Z INFO Row 3 of run 4333cf3d: ann@example.org, 07700 900999, born 1985-12-10;"
                + " {read=2, quarantined=2} 245 bytes";
        assertThat(PersonDataMasking.maskText(line)).isEqualTo("2026-12-01T22:47:18.580280Z INFO Row 3 of run 4333cf3d: ***, ***,"
                + " born ***; {read=2, quarantined=2} 245 bytes");
        assertThat(PersonDataMasking.cell("Telephone", "0161 496 0123", NONE)).isEqualTo("***");
        assertThat(PersonDataMasking.cell("Town", "Bath", NONE)).isEqualTo("Bath");
    }
}
