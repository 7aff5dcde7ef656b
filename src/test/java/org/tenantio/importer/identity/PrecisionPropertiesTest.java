package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The precision guarantees of the person contract's match rules as invariants over generated
 * pairs, scored both with the fixed weights and with the term-frequency weights at their most
 * generous (every name as rare as can be).
 */
class PrecisionPropertiesTest {

    private static final PairScorer SCORER = new PairScorer(Rules.person());

    /** Frequencies under which every name is unique among a million records: the largest name weights. */
    private static ValueFrequencies rareNames(Map<String, String> a, Map<String, String> b) {
        ValueFrequencies f = new ValueFrequencies();
        for (String field : new String[] {"first_name", "last_name"}) {
            f.addTotal(field, 1_000_000);
            f.add(field, a.get(field), 1);
            if (!a.get(field).equals(b.get(field))) {
                f.add(field, b.get(field), 1);
            }
        }
        return f;
    }

    private static PairScorer.Decision worst(Map<String, String> a, Map<String, String> b) {
        PairScorer.Decision fixed = SCORER.score(a, b).decision();
        PairScorer.Decision rare = SCORER.score(a, b, rareNames(a, b)).decision();
        return fixed == PairScorer.Decision.AUTO_MERGE ? fixed : rare;
    }

    record Person(String first, String last, String dob, int house, String street, String postcode, int phone, int mail) {
        Map<String, String> fields() {
            Map<String, String> f = new HashMap<>();
            f.put("first_name", first);
            f.put("last_name", last);
            f.put("date_of_birth", dob);
            f.put("street", house + " " + street);
            f.put("city", "Exeter");
            f.put("postal_code", postcode);
            f.put("phone", String.format("+44791%07d", phone));
            f.put("email", "m" + mail + "@mail.example.org");
            return f;
        }
    }

    @Provide
    Arbitrary<Person> people() {
        return Combinators.combine(Arbitraries.of(Populations.FIRST), Arbitraries.of(Populations.LAST),
                Arbitraries.integers().between(0, 2999).map(d -> String.format("19%02d-%02d-%02d", 60 + d % 30,
                        1 + d / 30 % 12, 1 + d / 360 % 28)),
                Arbitraries.integers().between(1, 400), Arbitraries.of("High Street", "Mill Lane", "Station Road"),
                Arbitraries.of("EX1 1AA", "EX1 1AB"), Arbitraries.integers().between(0, 9_999_999),
                Arbitraries.integers().between(0, 1_000_000))
                .as(Person::new);
    }

    /** Another person with the same name and birth date (or one digit off), and their own contacts and home. */
    private static Map<String, String> namesake(Person p, int digit, boolean sameStreet) {
        Map<String, String> f = new Person(p.first(), p.last(), p.dob(), p.house() + 1 + digit,
                sameStreet ? p.street() : "Quarry Road", p.postcode(), (p.phone() + 1 + digit) % 10_000_000,
                p.mail() + 1).fields();
        if (digit % 3 == 1) {
            char[] d = p.dob().toCharArray();
            d[9] = d[9] == '9' ? '8' : (char) (d[9] + 1);
            f.put("date_of_birth", new String(d));
        }
        return f;
    }

    @Property(tries = 500)
    void namesakesBornOnOneDayWithNothingElseInCommonNeverAutoMerge(@ForAll("people") Person p,
            @ForAll("digits") int digit, @ForAll boolean sameStreet) {
        assertThat(worst(p.fields(), namesake(p, digit, sameStreet))).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);
    }

    @Provide
    Arbitrary<Integer> digits() {
        return Arbitraries.integers().between(0, 8);
    }

    @Property(tries = 500)
    void membersOfOneHouseholdWithOtherFirstNamesNeverAutoMergeAndAreAHousehold(@ForAll("people") Person p,
            @ForAll("people") Person other, @ForAll("shares") int shares) {
        Person sibling = new Person(other.first(), p.last(), other.dob(), (shares & 1) != 0 ? p.house() : other.house(),
                (shares & 1) != 0 ? p.street() : other.street(), p.postcode(),
                (shares & 2) != 0 ? p.phone() : other.phone(), (shares & 4) != 0 ? p.mail() : other.mail());
        if (sibling.first().equals(p.first()) || sibling.house() == p.house() && (shares & 1) == 0) {
            return; // same first name (not a household case) or the same home by chance
        }
        PairScorer.Score score = SCORER.score(p.fields(), sibling.fields());

        assertThat(worst(p.fields(), sibling.fields())).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);
        assertThat(score.household()).isTrue();
    }

    @Provide
    Arbitrary<Integer> shares() {
        return Arbitraries.integers().between(1, 7);
    }

    @Property(tries = 300)
    void thePersonSentAgainByAnotherSystemWithAnotherEmailStillAutoMerges(@ForAll("people") Person p,
            @ForAll boolean keepsPhone) {
        Map<String, String> again = p.fields();
        again.put("email", "other." + p.mail() + "@other.example.net");
        if (!keepsPhone) {
            again.remove("phone");
        }
        assertThat(SCORER.score(p.fields(), again).decision()).isEqualTo(PairScorer.Decision.AUTO_MERGE);
    }
}
