package org.tenantio.importer.mapping;

import org.tenantio.importer.row.MappingDefinition;

import org.tenantio.importer.row.HeaderLayout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderSuggestionsTest {

    @Test
    void unmappedColumnsGetTheFieldTheyMostLikelyMean() throws Exception {
        MappingDefinition mapping = MappingRepository.parse("v", Files.readString(Path.of("mappings/demo/volunteers.yaml")));
        HeaderLayout layout = HeaderLayout.resolve(mapping,
                List.of("First_Name", "Surname", "E-mail Address", "Zip", "Telephone", "Citty", "Favourite colour"));

        List<HeaderSuggestions.Suggestion> suggestions = HeaderSuggestions.suggest(layout, mapping);

        assertThat(suggestions).extracting(s -> s.column() + "->" + s.field()).containsExactly(
                "Surname->last_name", "E-mail Address->email", "Zip->postal_code", "Telephone->phone", "Citty->city");
        assertThat(suggestions).allMatch(s -> s.score() >= HeaderSuggestions.THRESHOLD && s.score() <= 1);
    }

    @Test
    void aFieldAlreadyMappedIsNotSuggestedAgain() throws Exception {
        MappingDefinition mapping = MappingRepository.parse("v", Files.readString(Path.of("mappings/demo/volunteers.yaml")));
        HeaderLayout layout = HeaderLayout.resolve(mapping, List.of("first_name", "last_name", "email", "E-mail"));

        assertThat(HeaderSuggestions.suggest(layout, mapping)).isEmpty();
    }
}
