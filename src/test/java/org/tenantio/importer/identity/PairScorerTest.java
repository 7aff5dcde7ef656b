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
                Rules.person().features(), new MatchRules.Guards(1, null));
        PairScorer.Score score = new PairScorer(strict).score(JON, Map.of("first_name", "Jon", "last_name", "Smith",
                "email", "jon@gmail.com"));

        assertThat(score.decision()).isEqualTo(PairScorer.Decision.REVIEW);
        assertThat(strict.maxCandidatesPerKey()).isEqualTo(50);
        assertThatThrownBy(() -> new MatchRules(new MatchRules.Thresholds(0.5, 0.9), 0, 0, null, null, null))
                .hasMessageContaining("review");
    }
}
