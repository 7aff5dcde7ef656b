package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairScorerTest {

    private final PairScorer scorer = new PairScorer(Rules.person());

    private static final Map<String, String> JON = Map.of("first_name", "Jon", "last_name", "Smith",
            "email", "jon+events@gmail.com", "phone", "+447911123456", "date_of_birth", "1990-04-12",
            "street", "1 High Street", "city", "London", "postal_code", "SW1A 1AA");

    private PairScorer.Contribution feature(PairScorer.Score score, String name) {
        return score.features().stream().filter(f -> f.feature().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sameMailboxNameAndBirthDateAutoMerge() {
        PairScorer.Score score = scorer.score(JON, Map.of("first_name", "Jonathan", "last_name", "Smith",
                "email", "jon@gmail.com", "date_of_birth", "1990-04-12"));

        assertThat(score.decision()).isEqualTo(PairScorer.Decision.AUTO_MERGE);
        assertThat(score.score()).isGreaterThanOrEqualTo(0.95).isLessThanOrEqualTo(1.0);
        assertThat(feature(score, "first_name").level()).isEqualTo("agree");
        assertThat(feature(score, "email").weight()).isEqualTo(9);
        assertThat(feature(score, "phone").level()).isEqualTo("missing");
        assertThat(feature(score, "phone").weight()).isZero();
        assertThat(score.agreeingGroups()).contains("name", "dob", "contact");
    }

    @Test
    void aSharedEmailAndAddressWithAnotherFirstNameIsNeverAnAutoMerge() {
        PairScorer.Score score = scorer.score(JON, Map.of("first_name", "Mary", "last_name", "Smith",
                "email", "jon+events@gmail.com", "street", "1 High Street", "city", "London", "postal_code", "SW1A 1AA"));

        assertThat(score.decision()).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);
        assertThat(score.agreeingGroups()).doesNotContain("name");
    }

    @Test
    void aNameAloneIsAtMostAReview() {
        PairScorer.Score score = scorer.score(Map.of("first_name", "John", "last_name", "Smith"),
                Map.of("first_name", "John", "last_name", "Smith"));

        assertThat(score.decision()).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);
    }

    @Test
    void swappedNamesTransposedDatesAndTyposAreNearMisses() {
        PairScorer.Score score = scorer.score(
                Map.of("first_name", "smith", "last_name", "jon", "date_of_birth", "1990-04-12", "soc_sec_id", "1234567"),
                Map.of("first_name", "jon", "last_name", "smith", "date_of_birth", "1990-12-04", "soc_sec_id", "1234576"));

        assertThat(feature(score, "first_name").level()).isEqualTo("agree (swapped with last_name)");
        assertThat(feature(score, "date_of_birth").level()).isEqualTo("partial");
        assertThat(feature(score, "soc_sec_id").level()).isEqualTo("partial");
    }

    @Test
    void comparisonsGradeTheirValues() {
        assertThat(PairScorer.compareValues("phone", "+447911123456", "+447700123456").level())
                .isEqualTo(PairScorer.Level.PARTIAL);
        assertThat(PairScorer.compareValues("phone", "+447911123456", "+447700100000").level())
                .isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.compareValues("email", "jon.smith@a.org", "jon.smyth@b.org").level())
                .isEqualTo(PairScorer.Level.PARTIAL);
        assertThat(PairScorer.compareValues("email", "ann@a.org", "zed@b.org").level()).isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.compareValues("name", "J", "Jon").level()).isEqualTo(PairScorer.Level.PARTIAL);
        assertThat(PairScorer.compareValues("name", "Bill", "William").level()).isEqualTo(PairScorer.Level.AGREE);
        assertThat(PairScorer.compareValues("name", "Ann", "Zed").level()).isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.compareValues("date", "1990-04-12", "1991-04-12").level()).isEqualTo(PairScorer.Level.PARTIAL);
        assertThat(PairScorer.compareValues("date", "1990-04-12", "1975-09-30").level()).isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.compareValues("text", "12 tullaroop street", "12 tullarop street").level())
                .isEqualTo(PairScorer.Level.AGREE);
        assertThat(PairScorer.compareValues("text", "12 high street", "7 quarry lane").level())
                .isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.compareValues("exact", "NSW", "nsw").level()).isEqualTo(PairScorer.Level.AGREE);
        assertThat(PairScorer.compareValues("exact", "NSW", "VIC").level()).isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.compareValues("digits", "2000", "3999").level()).isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.oneEdit("1234", "2143")).isFalse();
        assertThat(PairScorer.oneEdit("", "")).isFalse();
        assertThatThrownBy(() -> PairScorer.compareValues("fuzzy", "a", "b")).hasMessageContaining("fuzzy");
    }

    @Test
    void thresholdsAreConfigurableAndChecked() {
        MatchRules strict = new MatchRules(new MatchRules.Thresholds(0.999999, 0.99), -10, 0, List.of(),
                Rules.person().features(), new MatchRules.Guards(1, null, null, null), null, null);
        PairScorer.Score score = new PairScorer(strict).score(JON, Map.of("first_name", "Jon", "last_name", "Smith",
                "email", "jon@gmail.com"));

        assertThat(score.decision()).isEqualTo(PairScorer.Decision.REVIEW);
        assertThat(strict.maxCandidatesPerKey()).isEqualTo(50);
        assertThatThrownBy(() -> new MatchRules(new MatchRules.Thresholds(0.5, 0.9), 0, 0, null, null, null, null, null))
                .hasMessageContaining("review");
    }

    private static final Map<String, String> TOM = Map.of("first_name", "Tom", "last_name", "Baker",
            "date_of_birth", "1985-06-01", "street", "12 High Street", "city", "Exeter", "postal_code", "EX1 1AA",
            "phone", "+441392000111", "email", "tom@example.org");

    @Test
    void twinsSharingHomeLandlineAndEmailAreAHouseholdAndNeverMerge() {
        Map<String, String> twin = new java.util.HashMap<>(TOM);
        twin.put("first_name", "Harriet");

        PairScorer.Score score = scorer.score(TOM, twin);

        assertThat(score.household()).isTrue();
        assertThat(score.decision()).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);
        assertThat(feature(score, "first_name").level()).isEqualTo("disagree");
    }

    @Test
    void aNicknameAnInitialOrATypoIsNotAnotherFirstName() {
        for (String first : List.of("Thomas", "T", "Tomm")) {
            Map<String, String> same = new java.util.HashMap<>(TOM);
            same.put("first_name", first);
            same.put("email", "other@example.net");

            PairScorer.Score score = scorer.score(TOM, same);

            assertThat(score.household()).as(first).isFalse();
            assertThat(score.decision()).as(first).isEqualTo(PairScorer.Decision.AUTO_MERGE);
        }
    }

    @Test
    void aNameAndBirthDateWithoutFirmCorroborationStayAReview() {
        Map<String, String> namesake = new java.util.HashMap<>(TOM);
        namesake.put("street", "14 High Street");
        namesake.put("phone", "+441392000999");
        namesake.put("email", "tom.baker@example.net");

        PairScorer.Score score = scorer.score(TOM, namesake);

        assertThat(feature(score, "street").level()).isEqualTo("disagree");
        assertThat(score.decision()).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);
    }

    /** The benchmark's million people: namesakes at one street and house number, postcodes a digit apart. */
    @Test
    void anAddressWhosePostcodeAgreesOnlyInPartDoesNotCorroborate() {
        Map<String, String> jon = Map.of("first_name", "Jon", "last_name", "Smith", "date_of_birth", "1990-04-12",
                "email", "jon.smith.17@example.org", "phone", "+447911123456",
                "street", "12 High Street", "city", "Leeds", "postal_code", "4021");
        Map<String, String> namesake = new java.util.HashMap<>(jon);
        namesake.put("email", "jon.smith.9071@example.org");
        namesake.put("phone", "+447700900123");
        namesake.put("postal_code", "4027");

        PairScorer.Score score = scorer.score(jon, namesake);

        assertThat(feature(score, "street").level()).isEqualTo("agree");
        assertThat(feature(score, "postal_code").level()).isEqualTo("partial");
        assertThat(score.decision()).isNotEqualTo(PairScorer.Decision.AUTO_MERGE);

        namesake.put("postal_code", "4021");
        assertThat(scorer.score(jon, namesake).decision())
                .as("the same address outright, with name and birth date, still corroborates")
                .isEqualTo(PairScorer.Decision.AUTO_MERGE);
    }

    @Test
    void anotherBirthDateVetoesAutoMergeOfAParentAndChildOfOneName() {
        Map<String, String> junior = new java.util.HashMap<>(TOM);
        junior.put("date_of_birth", "2012-03-09");
        junior.put("email", "junior@example.org");

        PairScorer.Score score = scorer.score(TOM, junior);

        assertThat(score.score()).isGreaterThanOrEqualTo(0.95);
        assertThat(score.decision()).isEqualTo(PairScorer.Decision.REVIEW);
    }

    @Test
    void houseNumbersMustBeEqualForAStreetToAgree() {
        assertThat(PairScorer.address("12 High Street", "14 High Street").level()).isEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.address("12 High Street", "12 High St").level()).isNotEqualTo(PairScorer.Level.DISAGREE);
        assertThat(PairScorer.address("High Street", "12 High Street").level()).isNotEqualTo(PairScorer.Level.DISAGREE);
    }

    @Test
    void commonNamesWeighLessAndRareNamesMoreWithinTheBounds() {
        ValueFrequencies tf = new ValueFrequencies();
        tf.addTotal("first_name", 10_000);
        tf.addTotal("last_name", 10_000);
        tf.add("first_name", "Tom", 2_500);   // a quarter of the tenant: 2 bits
        tf.add("last_name", "Baker", 1);      // one in 10,000: 13.3 bits, capped at agree + maxBoost
        MatchRules.TermFrequencies bounds = Rules.person().termFrequencies();

        PairScorer.Score score = scorer.score(TOM, TOM, tf);

        double firstAgree = Rules.person().features().stream().filter(f -> f.name().equals("first_name")).findFirst()
                .orElseThrow().agree();
        double lastAgree = Rules.person().features().stream().filter(f -> f.name().equals("last_name")).findFirst()
                .orElseThrow().agree();
        assertThat(feature(score, "first_name").weight()).isEqualTo(Math.max(2.0, firstAgree - bounds.maxPenalty()));
        assertThat(feature(score, "last_name").weight()).isEqualTo(lastAgree + bounds.maxBoost());
        assertThat(feature(scorer.score(TOM, TOM), "first_name").weight()).isEqualTo(firstAgree);
    }

    @Test
    void tooFewRecordsLeaveTheFixedWeights() {
        ValueFrequencies tf = new ValueFrequencies();
        tf.addTotal("first_name", 10);
        tf.add("first_name", "Tom", 5);

        assertThat(feature(scorer.score(TOM, TOM, tf), "first_name").weight())
                .isEqualTo(feature(scorer.score(TOM, TOM), "first_name").weight());
    }
}
