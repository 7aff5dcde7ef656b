package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockingKeysTest {

    private static final MatchRules RULES = Rules.person();

    @Test
    void aPersonGetsOneKeyPerBlockingRuleWhoseFieldsAreAllPresent() {
        Set<BlockingKeys.Key> keys = BlockingKeys.of(RULES, Map.of("first_name", "Jon", "last_name", "Smith",
                "email", "Jon.Smith+events@GoogleMail.com", "phone", "+447911123456", "postal_code", "SW1A 1AA",
                "date_of_birth", "1990-04-12"));

        assertThat(keys).contains(
                new BlockingKeys.Key("email", "jonsmith@gmail.com"),
                new BlockingKeys.Key("phone", "447911123456"),
                new BlockingKeys.Key("name_postcode", "J500|sw1a 1aa"),
                new BlockingKeys.Key("name_postcode", "S530|sw1a 1aa"),
                new BlockingKeys.Key("name_birth_date", "J500|1990 04 12"));
        assertThat(keys.stream().map(BlockingKeys.Key::type)).doesNotContain("national_id");
    }

    @Test
    void aMergedRecordGetsAKeyForEachOfItsEmails() {
        Set<BlockingKeys.Key> keys = BlockingKeys.of(RULES, Map.of("email", "a@example.org",
                "emails", List.of("a@example.org", "b@example.org")));

        assertThat(keys).containsExactlyInAnyOrder(new BlockingKeys.Key("email", "a@example.org"),
                new BlockingKeys.Key("email", "b@example.org"));
    }

    @Test
    void functionsTransformTheFieldValue() {
        assertThat(BlockingKeys.apply("metaphone", "last_name", "Smith")).isEqualTo("SM0");
        assertThat(BlockingKeys.apply("digits", "phone", "07911 123-456")).isEqualTo("07911123456");
        assertThat(BlockingKeys.apply("year", "date_of_birth", "19xx-01-01")).isNull();
        assertThat(BlockingKeys.apply("initial", "first_name", "  ")).isNull();
        assertThat(BlockingKeys.apply("lower", "city", "Saint-Étienne")).isEqualTo("saint etienne");
        assertThat(BlockingKeys.apply("soundex", "last_name", "123")).isNull();
    }

    @Test
    void badPartsAreRefused() {
        MatchRules bad = new MatchRules(null, 0, 0, List.of(new MatchRules.BlockingKey("x", List.of("frob(first_name)"))),
                null, null, null, null);
        MatchRules malformed = new MatchRules(null, 0, 0, List.of(new MatchRules.BlockingKey("x", List.of("a b"))),
                null, null, null, null);

        assertThatThrownBy(() -> BlockingKeys.of(bad, Map.of("first_name", "x"))).hasMessageContaining("frob");
        assertThatThrownBy(() -> BlockingKeys.of(malformed, Map.of())).hasMessageContaining("a b");
    }

    @Test
    void firstAndLastNameEnteredTheWrongWayRoundShareTheirNameKeys() {
        Set<BlockingKeys.Key> right = BlockingKeys.of(RULES, Map.of("first_name", "Jon", "last_name", "Smith",
                "postal_code", "SW1A 1AA", "date_of_birth", "1990-04-12"));
        Set<BlockingKeys.Key> swapped = BlockingKeys.of(RULES, Map.of("first_name", "Smith", "last_name", "Jon",
                "postal_code", "SW1A 1AA", "date_of_birth", "1990-04-12"));

        assertThat(swapped).isEqualTo(right);
    }

    @Test
    void joinedFieldsAndSoundexSetsMakeOneValue() {
        MatchRules rules = new MatchRules(null, 0, 0, List.of(
                new MatchRules.BlockingKey("home", List.of("street_number+street", "postal_code")),
                new MatchRules.BlockingKey("names", List.of("soundexset(first_name+last_name)"))), null, null, null, null);

        Set<BlockingKeys.Key> keys = BlockingKeys.of(rules, Map.of("street_number", "12", "street", "High St.",
                "postal_code", "EX1", "first_name", "smith", "last_name", "jon"));

        assertThat(keys).containsExactlyInAnyOrder(new BlockingKeys.Key("home", "12 high st|ex1"),
                new BlockingKeys.Key("names", "J500 S530"));
        assertThat(BlockingKeys.of(rules, Map.of("street", "High St.", "postal_code", "EX1")))
                .containsExactly(new BlockingKeys.Key("home", "high st|ex1"));
    }

    @Test
    void storedKeysAreKeyedHashesThatDependOnTheInstallationKey() {
        MatchKeyHasher one = new MatchKeyHasher("installation-one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MatchKeyHasher two = new MatchKeyHasher("installation-two".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        BlockingKeys.Key key = new BlockingKeys.Key("email", "jon@gmail.com");

        assertThat(one.hash(key)).isEqualTo(one.hash(new BlockingKeys.Key("email", "jon@gmail.com")));
        assertThat(one.hash(key)).isNotEqualTo(two.hash(key));
        assertThat(one.hash(key)).isNotEqualTo(one.hash(new BlockingKeys.Key("phone", "jon@gmail.com")));
        assertThat(one.frequencyHash("first_name", "jon")).isNotEqualTo(one.frequencyHash("last_name", "jon"));
        assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
    }
}
