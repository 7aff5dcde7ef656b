package org.tenantio.importer.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The FEBRL data sets (src/test/resources/febrl) as the demo/febrl.yaml mapping gives them to
 * identity resolution: trimmed, names in lower case, birth dates as ISO dates. The truth is
 * the rec_id: rec-12-org and rec-12-dup-0 are person 12.
 */
final class Febrl {

    private Febrl() {
    }

    record Person(String recId, String cluster, Map<String, String> fields) {
    }

    static List<Person> read(String... files) {
        List<Person> out = new ArrayList<>();
        for (String file : files) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                    Febrl.class.getResourceAsStream("/febrl/" + file)), StandardCharsets.UTF_8))) {
                String[] header = r.readLine().split(",");
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] cells = line.split(",", -1);
                    Map<String, String> raw = new HashMap<>();
                    for (int i = 0; i < header.length; i++) {
                        raw.put(header[i].trim(), i < cells.length ? cells[i].trim() : "");
                    }
                    Map<String, String> f = new HashMap<>();
                    put(f, "first_name", raw.get("given_name").toLowerCase());
                    put(f, "last_name", raw.get("surname").toLowerCase());
                    put(f, "street_number", raw.get("street_number"));
                    put(f, "street", raw.get("address_1"));
                    put(f, "address_2", raw.get("address_2"));
                    put(f, "city", raw.get("suburb"));
                    put(f, "postal_code", raw.get("postcode"));
                    put(f, "state", raw.get("state").toUpperCase());
                    String dob = raw.get("date_of_birth");
                    if (dob.length() == 8 && dob.chars().allMatch(Character::isDigit)) {
                        put(f, "date_of_birth", dob.substring(0, 4) + "-" + dob.substring(4, 6) + "-" + dob.substring(6));
                    }
                    put(f, "soc_sec_id", raw.get("soc_sec_id"));
                    String rec = raw.get("rec_id");
                    out.add(new Person(rec, rec.split("-")[1], f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void put(Map<String, String> f, String field, String value) {
        if (value != null && !value.isEmpty()) {
            f.put(field, value);
        }
    }
}
