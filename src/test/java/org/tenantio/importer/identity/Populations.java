package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Generated populations that try to break precision: people who differ only where a careless
 * matcher does not look. Each generated row knows the person it belongs to, so the clusters
 * the service forms can be checked against the truth.
 */
final class Populations {

    /** Twenty given names, pairwise far apart (checked below): no nickname, initial or typo of each other. */
    static final List<String> FIRST = List.of("Oliver", "Amelia", "Harry", "Isla", "George", "Poppy", "Noah", "Freya",
            "Leo", "Ivy", "Arthur", "Sophie", "Theo", "Grace", "Oscar", "Mabel", "Finley", "Ruby", "Edgar", "Willow");
    static final List<String> LAST = List.of("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts",
            "Walker", "Wright", "Green", "Hughes", "Edwards", "Hall", "Wood", "Clarke", "Baker", "Turner", "Hill", "Moore");

    static {
        JaroWinklerSimilarity jw = new JaroWinklerSimilarity();
        for (String a : FIRST) {
            for (String b : FIRST) {
                if (!a.equals(b) && (jw.apply(a.toLowerCase(), b.toLowerCase()) >= 0.8 || a.charAt(0) == b.charAt(0)
                        && (a.length() == 1 || b.length() == 1))) {
                    throw new IllegalStateException("vocabulary names too close: " + a + " / " + b);
                }
            }
        }
    }

    private Populations() {
    }

    /** One input row and the person it describes. */
    record Row(String externalId, int person, String firstName, String lastName, String email, String phone,
               String birthDate, String street, String city, String postcode) {

        String csv() {
            return String.join(",", externalId, firstName, lastName, email, phone, birthDate, street, city, "", postcode,
                    "GB") + "\n";
        }

        /** The same person as another system sends them: another external id and another mailbox. */
        Row resent(String otherId) {
            return new Row(otherId, person, firstName, lastName, "resent." + otherId.toLowerCase() + "@other.example.net",
                    phone, birthDate, street, city, postcode);
        }
    }

    static String mobile(int i) {
        return String.format("07911 %06d", i);
    }

    static String birthDate(Random random, int distinctDates) {
        return birthDate(random, distinctDates, 1960);
    }

    /** One of distinctDates dates in the thirty years from fromYear. */
    static String birthDate(Random random, int distinctDates, int fromYear) {
        int d = random.nextInt(distinctDates);
        return String.format("%d-%02d-%02d", fromYear + d % 30, 1 + d / 30 % 12, 1 + d / 360 % 28);
    }

    /**
     * (a) Distinct people from a twenty-by-twenty name vocabulary and a few hundred birth dates:
     * many share a full name and a birth date (some one digit off), none shares a contact or an
     * address. Every twentieth person is sent again by another system.
     */
    static List<Row> commonNames(int people, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            rows.add(new Row("A-" + i, i, FIRST.get(random.nextInt(FIRST.size())), LAST.get(random.nextInt(LAST.size())),
                    "person" + i + "@mail.example.org", mobile(i), birthDate(random, 300), (i + 1) + " Street " + i,
                    "Town " + (i % 97), "AB" + (i % 90 + 10) + " " + (i % 9 + 1) + "CD"));
        }
        resendEveryTwentieth(rows, "A-R");
        return rows;
    }

    /** (b) One city, one postcode, one street: people differ in their house number, names from the vocabulary. */
    static List<Row> oneStreet(int people, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            rows.add(new Row("B-" + i, i, FIRST.get(random.nextInt(FIRST.size())), LAST.get(random.nextInt(LAST.size())),
                    "resident" + i + "@mail.example.org", mobile(200_000 + i), birthDate(random, 2000),
                    (i + 1) + " High Street", "Exeter", "EX1 1AA"));
        }
        resendEveryTwentieth(rows, "B-R");
        return rows;
    }

    /**
     * (c) Households of two to five sharing an address and a landline, a third of them an email
     * too; one household in five has twins (same birth date, other first names), one in ten a
     * child named after a parent (born a generation later, as children are). Every twentieth
     * person is sent again by another system.
     */
    static List<Row> households(int households, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        int person = 0;
        for (int h = 0; h < households; h++) {
            int size = 2 + random.nextInt(4);
            String last = LAST.get(random.nextInt(LAST.size()));
            String landline = String.format("020 7%03d %04d", h / 10_000, h % 10_000);
            String shared = random.nextInt(3) == 0 ? "family" + h + "@home.example.org" : null;
            String street = (h % 500 + 1) + " Road " + (h / 500);
            String postcode = "N" + (h % 20 + 1) + " " + (h % 9 + 1) + "XY";
            List<String> names = new ArrayList<>(FIRST);
            java.util.Collections.shuffle(names, random);
            String parentDate = birthDate(random, 3000, 1940);
            String previous = null;
            for (int m = 0; m < size; m++) {
                boolean twin = m == 2 && h % 5 == 0;
                boolean junior = m == 1 && h % 10 == 3;
                String date = m == 0 ? parentDate : twin ? previous : otherDate(random, parentDate);
                String first = junior ? names.get(0) : names.get(m);
                String email = shared != null && m < 2 ? shared : "member" + person + "@mail.example.org";
                rows.add(new Row("C-" + person, person, first, last, email, landline, date, street, "London", postcode));
                previous = date;
                person++;
            }
        }
        resendEveryTwentieth(rows, "C-R");
        return rows;
    }

    /** A child's birth date: a generation after the parent's (1975 to 2004), never the parent's. */
    private static String otherDate(Random random, String not) {
        String date = birthDate(random, 3000, 1975);
        return date.equals(not) ? otherDate(random, not) : date;
    }

    private static void resendEveryTwentieth(List<Row> rows, String prefix) {
        int n = rows.size();
        for (int i = 0; i < n; i += 20) {
            rows.add(rows.get(i).resent(prefix + i));
        }
    }
}
