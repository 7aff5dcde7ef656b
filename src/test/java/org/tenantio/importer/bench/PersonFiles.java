package org.tenantio.importer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's generated people, as the issue describes them: every person distinct (unique
 * external id, email, phone and address), first and last names from a small vocabulary, as in
 * many real populations. Person {@code i} is a pure function of {@code i}, so a later file can
 * send the same person again as another system would without reading the first file back.
 */
final class PersonFiles {

    static final String HEADER = "external_id,first_name,last_name,email,phone,date_of_birth,street,city,state,postal_code,country\n";
    private static final List<String> FIRST = List.of("Ada", "Alan", "Grace", "Katherine", "Tim", "Margaret", "Linus",
            "Mary", "Dorothy", "Rosalind", "Émilie", "Srinivasa", "Hedy", "Chien-Shiung", "Barbara", "John");
    private static final List<String> LAST = List.of("Lovelace", "Turing", "Hopper", "Johnson", "Berners-Lee",
            "Hamilton", "Pauling", "Somerville", "Hodgkin", "Franklin", "du Châtelet", "Ramanujan", "Lamarr", "Wu");
    private static final List<String> CITIES = List.of("London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff");
    private static final String SYLLABLES = "bacadafagahakalamanaparasatavawa";

    private PersonFiles() {
    }

    /** {@code rows} distinct people, numbered from 0; cached under target/bench by size. */
    static Path distinct(int rows) throws IOException {
        Path file = Path.of("target/bench/people-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            for (int i = 0; i < rows; i++) {
                w.write(row("P-" + i, i, null));
            }
        }
        return Files.move(partial, file);
    }

    /**
     * {@code rows} rows of which {@code existing} are people of the {@code coreSize}-person file
     * sent again by another system (another external id, another email; spread evenly over the
     * core), the rest new people numbered after the core.
     */
    static Path returning(int rows, int existing, int coreSize) throws IOException {
        Path file = Path.of("target/bench/returning-" + rows + "-" + existing + "-of-" + coreSize + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        int every = rows / existing;
        int stride = coreSize / existing;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            int known = 0;
            for (int r = 0; r < rows; r++) {
                if (r % every == 0 && known < existing) {
                    int i = known++ * stride;
                    w.write(row("CRM-" + i, i, "crm." + i + "@example.net"));
                } else {
                    int i = coreSize + r;
                    w.write(row("N-" + i, i, null));
                }
            }
        }
        return file;
    }

    private static String row(String externalId, int i, String otherEmail) {
        SplittableRandom random = new SplittableRandom(0x5DEECE66DL * 31 + i);
        String first = FIRST.get(random.nextInt(FIRST.size()));
        String last = LAST.get(random.nextInt(LAST.size()));
        String email = otherEmail != null ? otherEmail : ascii(first) + "." + ascii(last) + "." + i + "@example.org";
        // 0740 then seven digits: a valid UK mobile range, one number per person.
        String phone = "+44 740" + String.format("%07d", i % 10_000_000);
        String birth = (1950 + random.nextInt(55)) + "-" + String.format("%02d", 1 + random.nextInt(12)) + "-"
                + String.format("%02d", 1 + random.nextInt(28));
        String street = (1 + i % 400) + " " + streetName(i / 400) + " Road";
        return externalId + "," + first + "," + last + "," + email + "," + phone + "," + birth + "," + street + ","
                + CITIES.get(random.nextInt(CITIES.size())) + ",,SW" + (1 + random.nextInt(20)) + " " + (1 + random.nextInt(9))
                + "AA,GB\n";
    }

    /** A made-up street name per block of 400 houses: every address in a file differs. */
    private static String streetName(int n) {
        StringBuilder s = new StringBuilder();
        do {
            int k = n % 16;
            s.append(SYLLABLES, 2 * k, 2 * k + 2);
            n /= 16;
        } while (n > 0);
        s.setCharAt(0, Character.toUpperCase(s.charAt(0)));
        return s.toString();
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase();
    }
}
